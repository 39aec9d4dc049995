package io.github.wasmsnapshot.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the goal does with the modules of a project: the mojo built by hand, on a project in a temporary directory. */
class SnapshotMojoTest {
    @TempDir
    Path project;

    private final List<String> log = new ArrayList<>();
    private SnapshotMojo mojo;

    @BeforeEach
    void newMojo() {
        mojo = new SnapshotMojo();
        mojo.basedir = project.toFile();
        mojo.inputDirectory = project.resolve("src/main/wasm").toFile();
        mojo.outputDirectory = project.resolve("target/classes").toFile();
        mojo.stateDirectory = project.resolve("target/wasm-snapshot").toFile();
        mojo.includes = List.of("**/*.wasm");
        mojo.initFunction = "wizer-initialize";
        mojo.maxDataSegments = 10_000;
        mojo.executionId = "default";
        mojo.pluginVersion = "test";
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence line) {
                log.add("[INFO] " + line);
            }

            @Override
            public void error(CharSequence line) {
                log.add("[ERROR] " + line);
            }

            @Override
            public boolean isDebugEnabled() {
                return false;
            }

            @Override
            public void debug(CharSequence line) {}

            @Override
            public void debug(Throwable error) {}
        });
    }

    @Test
    void preInitializesEveryModuleToTheSameRelativePathInSortedOrder() throws Exception {
        fixture("counter.wasm", "src/main/wasm/b/counter.wasm");
        fixture("counter.wasm", "src/main/wasm/a.wasm");
        fixture("counter.wasm", "src/main/wasm/notes.wat");

        mojo.execute();

        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("[INFO] src/main/wasm/a.wasm -> target/classes/a.wasm: "), log.get(0));
        assertTrue(log.get(0).matches(".*bytes, 1 memory page, 1 data segment .*, 1 global, \\d+ ms"), log.get(0));
        assertTrue(log.get(1).startsWith("[INFO] src/main/wasm/b/counter.wasm -> target/classes/b/counter.wasm: "));
        assertEquals(49, valueOf(project.resolve("target/classes/b/counter.wasm")));
        assertFalse(exports(project.resolve("target/classes/a.wasm")).contains("wizer-initialize"));
        assertFalse(Files.exists(project.resolve("target/classes/notes.wat")));
    }

    @Test
    void includesAndExcludesSelectTheModules() throws Exception {
        fixture("counter.wasm", "src/main/wasm/a/one.wasm");
        fixture("counter.wasm", "src/main/wasm/a/two.module");
        fixture("counter.wasm", "src/main/wasm/b/three.wasm");
        mojo.includes = List.of("**/*.wasm", "**/*.module");
        mojo.excludes = List.of("b/**");

        mojo.execute();

        assertEquals(2, log.size(), log.toString());
        assertTrue(Files.exists(project.resolve("target/classes/a/one.wasm")));
        assertTrue(Files.exists(project.resolve("target/classes/a/two.module")));
        assertFalse(Files.exists(project.resolve("target/classes/b")));
    }

    @Test
    void skipsWhatIsUpToDateAndRedoesWhatChanged() throws Exception {
        fixture("counter.wasm", "src/main/wasm/counter.wasm");
        Path output = project.resolve("target/classes/counter.wasm");
        mojo.execute();
        byte[] first = Files.readAllBytes(output);

        log.clear();
        mojo.execute();
        assertEquals(List.of("[INFO] src/main/wasm/counter.wasm -> target/classes/counter.wasm: up to date"), log);

        log.clear();
        mojo.keepInitFunction = true;
        mojo.execute();
        assertFalse(log.get(0).endsWith("up to date"), log.get(0));
        assertTrue(exports(output).contains("wizer-initialize"));

        log.clear();
        Files.delete(output);
        mojo.execute();
        assertFalse(log.get(0).endsWith("up to date"), log.get(0));

        log.clear();
        Path input = project.resolve("src/main/wasm/counter.wasm");
        byte[] withCustomSection = {0, 2, 1, 'x'};
        Files.write(input, withCustomSection, java.nio.file.StandardOpenOption.APPEND);
        mojo.execute();
        assertFalse(log.get(0).endsWith("up to date"), "a changed input is processed again");
        fixture("counter.wasm", "src/main/wasm/counter.wasm");

        log.clear();
        mojo.keepInitFunction = false;
        mojo.execute();
        assertArrayEquals(first, Files.readAllBytes(output));
    }

    @Test
    void aFailedModuleFailsTheBuildAfterTheOthersAndLeavesNoOutput() throws Exception {
        fixture("trap.wasm", "src/main/wasm/a-trap.wasm");
        fixture("counter.wasm", "src/main/wasm/b-good.wasm");
        Path stale = project.resolve("target/classes/a-trap.wasm");
        Files.createDirectories(stale.getParent());
        Files.write(stale, new byte[] {1, 2, 3});

        MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);

        assertEquals("wasm-snapshot failed: src/main/wasm/a-trap.wasm: the init function `wizer-initialize` trapped:"
                + " Trapped on unreachable instruction", failure.getMessage());
        assertFalse(Files.exists(stale));
        assertEquals(49, valueOf(project.resolve("target/classes/b-good.wasm")));
        assertTrue(log.get(0).startsWith("[ERROR] src/main/wasm/a-trap.wasm: "), log.toString());
        assertTrue(log.get(1).startsWith("[INFO] src/main/wasm/b-good.wasm -> "), log.toString());

        log.clear();
        assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(log.get(0).startsWith("[ERROR] src/main/wasm/a-trap.wasm: "), "a failure is never up to date");
    }

    @Test
    void everyFailureIsListed() throws Exception {
        fixture("trap.wasm", "src/main/wasm/one.wasm");
        fixture("trap.wasm", "src/main/wasm/two.wasm");

        MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);

        assertEquals("wasm-snapshot failed for 2 of 2 modules:\n"
                + "  src/main/wasm/one.wasm: the init function `wizer-initialize` trapped: Trapped on unreachable instruction\n"
                + "  src/main/wasm/two.wasm: the init function `wizer-initialize` trapped: Trapped on unreachable instruction",
                failure.getMessage());
    }

    @Test
    void aModuleEntryOverridesTheOptionsAndOutputOfOneModule() throws Exception {
        fixture("counter.wasm", "src/main/wasm/kept.wasm");
        fixture("counter.wasm", "src/main/wasm/plain.wasm");
        fixture("counter.wasm", "elsewhere/extra.wasm");
        mojo.modules = List.of(
                entry("src/main/wasm/kept.wasm", "target/special/kept.wasm", e -> {
                    e.keepInitFunction = true;
                    e.renameFunctions = List.of("answer=value");
                }),
                entry("elsewhere/extra.wasm", null, e -> e.initFunction = "value"));

        MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);

        assertTrue(failure.getMessage().startsWith("wasm-snapshot failed: elsewhere/extra.wasm: "), failure.getMessage());
        List<String> kept = exports(project.resolve("target/special/kept.wasm"));
        assertTrue(kept.contains("wizer-initialize") && kept.contains("answer") && !kept.contains("value"), kept.toString());
        assertFalse(Files.exists(project.resolve("target/classes/kept.wasm")));
        assertFalse(exports(project.resolve("target/classes/plain.wasm")).contains("wizer-initialize"));
        assertFalse(Files.exists(project.resolve("target/classes/extra.wasm")));
    }

    @Test
    void anInvalidOptionFailsItsModule() throws Exception {
        fixture("counter.wasm", "src/main/wasm/counter.wasm");
        mojo.renameFunctions = List.of("nonsense");

        MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);

        assertEquals("wasm-snapshot failed: src/main/wasm/counter.wasm: a rename must look like DST=SRC, got 'nonsense'",
                failure.getMessage());
    }

    @Test
    void aMissingModuleFailsIt() throws Exception {
        mojo.modules = List.of(entry("src/main/wasm/missing.wasm", null, e -> {}));

        MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);

        assertEquals("wasm-snapshot failed: src/main/wasm/missing.wasm: no such file", failure.getMessage());
    }

    @Test
    void twoModulesForOneOutputAreRefused() throws Exception {
        fixture("counter.wasm", "src/main/wasm/counter.wasm");
        fixture("counter.wasm", "other/counter.wasm");
        mojo.modules = List.of(entry("other/counter.wasm", null, e -> {}));

        MojoExecutionException refused = assertThrows(MojoExecutionException.class, mojo::execute);

        assertTrue(refused.getMessage().endsWith("would both be written to " + project.resolve("target/classes/counter.wasm")),
                refused.getMessage());
    }

    @Test
    void skipDoesNothing() throws Exception {
        fixture("counter.wasm", "src/main/wasm/counter.wasm");
        mojo.skip = true;

        mojo.execute();

        assertEquals(List.of("[INFO] Skipping wasm-snapshot (wasm-snapshot.skip)"), log);
        assertFalse(Files.exists(project.resolve("target")));
    }

    @Test
    void noInputDirectoryIsNoWork() throws Exception {
        mojo.execute();

        assertEquals(1, log.size());
        assertTrue(log.get(0).startsWith("[INFO] No WebAssembly modules in "), log.get(0));
    }

    private ModuleConfiguration entry(String input, String output, java.util.function.Consumer<ModuleConfiguration> options) {
        ModuleConfiguration entry = new ModuleConfiguration();
        entry.input = project.resolve(input).toFile();
        entry.output = output == null ? null : project.resolve(output).toFile();
        options.accept(entry);
        return entry;
    }

    private void fixture(String name, String path) throws IOException {
        Path target = project.resolve(path);
        Files.createDirectories(target.getParent());
        try (InputStream in = getClass().getResourceAsStream("/wasm/" + name)) {
            Files.write(target, in.readAllBytes());
        }
    }

    private static long valueOf(Path module) {
        return Instance.builder(Parser.parse(module)).build().export("value").apply()[0];
    }

    private static List<String> exports(Path module) {
        WasmModule parsed = Parser.parse(module);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < parsed.exportSection().exportCount(); i++) {
            names.add(parsed.exportSection().getExport(i).name());
        }
        return names;
    }
}
