package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.options;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wasmsnapshot.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The output's bytes never depend on the engine: every fixture that snapshots gives the same bytes on each. */
class EnginesTest {
    @TempDir
    Path cache;

    /** Every fixture module, by name, but for the long loop below, which the interpreter takes seconds over. */
    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/fixtures"))) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".wasm"))
                    .map(name -> name.substring(0, name.length() - ".wasm".length()))
                    .filter(name -> !name.equals("long-loop")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyEngineGivesTheSameBytes(String fixture) throws Exception {
        byte[] module = load(fixture);
        List<Object> outcomes = new ArrayList<>();
        for (Engine engine : Engine.values()) {
            try {
                outcomes.add(snapshot(module, options().withEngine(engine).build()));
            } catch (SnapshotException refused) {
                outcomes.add(refused.getMessage());
            }
        }
        for (Object outcome : outcomes.subList(1, outcomes.size())) {
            if (outcomes.get(0) instanceof byte[] bytes) {
                assertArrayEquals(bytes, (byte[]) outcome, fixture);
            } else {
                assertEquals(outcomes.get(0), outcome, fixture);
            }
        }
    }

    @Test
    void theCompilerRunsCompiledCodeAndTheCacheKeepsItsClasses() throws Exception {
        byte[] primes = load("primes");
        List<String> said = new ArrayList<>();
        SnapshotListener listener = new SnapshotListener() {
            @Override
            public void debug(String message) {
                said.add(message);
            }
        };
        SnapshotOptions compiler = options().withEngine(Engine.COMPILER).withCacheDirectory(cache).build();
        byte[] first = new WasmSnapshot(compiler, listener).run(primes).output();

        assertArrayEquals(snapshot(primes, options().withEngine(Engine.INTERPRETER).build()), first);
        try (Stream<Path> kept = Files.walk(cache)) {
            assertEquals(1, kept.filter(path -> path.toString().endsWith(".jar")).count(), "one module's classes");
        }
        assertArrayEquals(first, new WasmSnapshot(compiler).run(primes).output(), "from the cache");
        assertTrue(said.stream().anyMatch(line -> line.startsWith("initializing compiled")), said.toString());
    }

    @Test
    void autoSwitchesToCompiledCodeWhenTheCompileIsDoneFirst() throws Exception {
        List<String> said = new ArrayList<>();
        SnapshotOptions auto = options().withEngine(Engine.AUTO).withTimeout(Duration.ofMinutes(2)).build();
        byte[] output = new WasmSnapshot(auto, new SnapshotListener() {
            @Override
            public void debug(String message) {
                said.add(message);
            }
        }).run(load("long-loop")).output();

        assertEquals(300_000_000, Fixtures.instantiate(output).global(0).getValue());
        assertTrue(said.stream().anyMatch(line -> line.matches("compiled in \\d+ ms, before the interpreter finished:"
                + " stopping it")), said.toString());
    }

    /** Auto waits before compiling, in proportion to the code, unless the cache holds the classes already. */
    @Test
    void autoStartsLoadingCachedClassesAtOnce() throws Exception {
        ParsedModule parsed = ModuleParser.parse(Fixtures.wasi("observer.wasm"));
        Duration cold = Initializer.compileDelay(parsed, Optional.of(cache));
        assertTrue(cold.toMillis() > 0, cold.toString());

        CompiledClasses.compile(parsed.module(), Optional.of(cache));

        assertEquals(Duration.ZERO, Initializer.compileDelay(parsed, Optional.of(cache)));
        assertEquals(cold, Initializer.compileDelay(parsed, Optional.empty()));
    }

    @Test
    void simdIsInterpretedWhateverTheEngine() throws Exception {
        List<String> warnings = new ArrayList<>();
        byte[] output = new WasmSnapshot(options().withEngine(Engine.COMPILER).build(), new SnapshotListener() {
            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        }).run(load("simd-families")).output();

        assertArrayEquals(Fixtures.load("wizer/simd-families"), output);
        assertEquals(List.of("the module uses SIMD, which Chicory's compiler cannot run: it is interpreted"),
                warnings);
        assertFalse(new WasmSnapshot(options().withEngine(Engine.AUTO).build(), new SnapshotListener() {
            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        }).run(load("simd-families")).output().length == 0);
        assertEquals(1, warnings.size(), "auto says nothing: interpreting is its choice");
    }
}
