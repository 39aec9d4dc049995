package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.options;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wasmsnapshot.cli.Main;
import io.github.wasmsnapshot.testing.ChildJvm;
import io.github.wasmsnapshot.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    /**
     * Compiled code takes less stack per call than the interpreter: a recursion that fits on the stack compiled and
     * not interpreted succeeds on auto, also when the interpreter exhausts the stack before the compile is done. In a
     * fresh JVM (the command line's case) it nearly always does, its compile being cold: before auto ran the other
     * engine then, it failed 9 times in 10 there, and succeeded where the compile came first.
     */
    @Test
    void autoRunsCompiledWhenTheInterpreterExhaustsTheStack(@TempDir Path dir) throws Exception {
        byte[] runaway = load("runaway");
        SnapshotOptions.Builder deep = options().withInitFunction("recurse-deep");
        var e = assertThrows(SnapshotException.class, () -> snapshot(runaway, deep.withEngine(Engine.INTERPRETER)
                .build()));
        assertEquals("the init function `recurse-deep` trapped: call stack exhausted", e.getMessage());
        byte[] compiled = snapshot(runaway, deep.withEngine(Engine.COMPILER).build());
        assertEquals(100_000, Fixtures.instantiate(compiled).global(0).getValue());

        Path input = Files.write(dir.resolve("runaway.wasm"), runaway);
        for (int run = 0; run < 3; run++) {
            Path output = dir.resolve("auto-" + run + ".wasm");
            Process child = ChildJvm.start(Main.class, "--engine", "auto", "--cache-dir", "none", "-f",
                    "recurse-deep", input.toString(), "-o", output.toString());
            String stderr = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, child.waitFor(), stderr);
            assertArrayEquals(compiled, Files.readAllBytes(output));
        }
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

    /** Across runs too: the time earlier runs interpreted comes off the wait, down to none. */
    @Test
    void autoCountsTheTimeEarlierRunsInterpreted() throws Exception {
        ParsedModule parsed = ModuleParser.parse(Fixtures.wasi("observer.wasm"));
        Duration cold = Initializer.compileDelay(parsed, Optional.of(cache));

        CompiledClasses.addInterpreted(parsed.module(), Optional.of(cache), Duration.ofMillis(1));
        assertEquals(cold.minusMillis(1), Initializer.compileDelay(parsed, Optional.of(cache)));
        CompiledClasses.addInterpreted(parsed.module(), Optional.of(cache), cold);
        assertEquals(Duration.ZERO, Initializer.compileDelay(parsed, Optional.of(cache)));
        assertEquals(cold, Initializer.compileDelay(parsed, Optional.empty()));
    }

    /**
     * A compile once started is finished and kept, though the interpreter finished first (counter's code is small
     * enough to compile at once, and its two stores take less time than loading the compiler).
     */
    @Test
    void autoKeepsAStartedCompileForTheNextRun() throws Exception {
        byte[] module = load("counter");
        ParsedModule parsed = ModuleParser.parse(module);
        assertEquals(Duration.ZERO, Initializer.compileDelay(parsed, Optional.of(cache)));
        byte[] interpreted = snapshot(module, options().withEngine(Engine.INTERPRETER).build());

        assertArrayEquals(interpreted, snapshot(module, options().withEngine(Engine.AUTO).withCacheDirectory(cache)
                .build()));
        assertTrue(CompiledClasses.cached(parsed.module(), Optional.of(cache)));
    }

    /** A run either records the time it interpreted or leaves the module compiled, never neither. */
    @Test
    void autoRecordsTheTimeItInterpretedUnlessItCompiled() throws Exception {
        byte[] module = Fixtures.wasi("observer.wasm");
        ParsedModule parsed = ModuleParser.parse(module);
        SnapshotOptions.Builder wasi = options().withWasi(WasiConfig.builder().build());
        byte[] interpreted = snapshot(module, wasi.withEngine(Engine.INTERPRETER).build());

        assertArrayEquals(interpreted, snapshot(module, wasi.withEngine(Engine.AUTO).withCacheDirectory(cache)
                .build()));
        assertTrue(CompiledClasses.cached(parsed.module(), Optional.of(cache))
                || CompiledClasses.interpreted(parsed.module(), Optional.of(cache)).toMillis() > 0);
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
