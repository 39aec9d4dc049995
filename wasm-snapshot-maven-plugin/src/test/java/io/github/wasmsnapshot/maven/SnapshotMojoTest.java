package io.github.wasmsnapshot.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.Instance;
import io.github.wasmsnapshot.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the goal does with the modules of a project: the mojo made through the plugin descriptor (so every parameter
 * has its declared default), its project's paths moved to a project in a temporary directory.
 */
@MojoTest
class SnapshotMojoTest {
    @TempDir
    Path project;

    private final List<String> log = new ArrayList<>();
    private final List<String> debug = new ArrayList<>();
    private SnapshotMojo mojo;

    @BeforeEach
    @InjectMojo(goal = "snapshot", pom = "src/test/resources/unit/defaults/pom.xml")
    void newMojo(SnapshotMojo injected) {
        mojo = injected;
        mojo.basedir = project.toFile();
        mojo.inputDirectory = project.resolve("src/main/wasm").toFile();
        mojo.outputDirectory = project.resolve("target/classes").toFile();
        mojo.stateDirectory = project.resolve("target/wasm-snapshot").toFile();
        mojo.executionId = "default";
        // the harness's project has no artifact to attach to; the ITs attach the report
        mojo.attachReport = false;
        // in Maven's JVM, which is quicker; Forked below, the verify test and the ITs run modules in JVMs of their own
        mojo.fork = false;
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence line) {
                log.add("[INFO] " + line);
            }

            @Override
            public void warn(CharSequence line) {
                log.add("[WARNING] " + line);
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
            public void debug(CharSequence line) {
                debug.add(line.toString());
            }

            @Override
            public void debug(Throwable error) {}
        });
    }

    @Test
    void preInitializesEveryModuleToTheSameRelativePathInSortedOrder() throws Exception {
        fixture("counter", "src/main/wasm/b/counter.wasm");
        fixture("counter", "src/main/wasm/a.wasm");
        fixture("counter", "src/main/wasm/notes.wat");

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
    void modulesRunAtOnceButTheirLinesAndFingerprintsComeInInputOrder() throws Exception {
        fixture("primes", "src/main/wasm/a-slow.wasm");
        for (String name : List.of("b", "c", "d", "e")) {
            fixture("counter", "src/main/wasm/" + name + ".wasm");
        }

        mojo.execute();

        assertEquals(List.of("a-slow", "b", "c", "d", "e"), log.stream()
                .map(line -> line.replaceFirst("^\\[INFO\\] src/main/wasm/([\\w-]+)\\.wasm -> .*", "$1")).toList());
        assertEquals(List.of("a-slow", "b", "c", "d", "e"), Files.readAllLines(project.resolve(
                "target/wasm-snapshot/default.state")).stream()
                .map(line -> line.replaceFirst(".*/target/classes/([\\w-]+)\\.wasm\t.*$", "$1")).toList());
        assertEquals(49, valueOf(project.resolve("target/classes/e.wasm")));
    }

    /** In a JVM of its own, the verify goal's default, against the output made in Maven's JVM. */
    @Test
    @InjectMojo(goal = "verify", pom = "src/test/resources/unit/defaults/pom.xml")
    void theVerifyGoalSnapshotsAgainAndNamesTheFirstDifference(VerifyMojo verify) throws Exception {
        fixture("counter", "src/main/wasm/counter.wasm");
        mojo.execute();
        verify.basedir = mojo.basedir;
        verify.inputDirectory = mojo.inputDirectory;
        verify.outputDirectory = mojo.outputDirectory;
        verify.classesDirectory = mojo.outputDirectory;
        verify.stateDirectory = mojo.stateDirectory;
        verify.setLog(mojo.getLog());

        log.clear();
        verify.execute();
        assertEquals(List.of("[INFO] src/main/wasm/counter.wasm -> target/classes/counter.wasm: reproduced: the same"
                + " bytes as target/classes/counter.wasm"), log);

        Path output = project.resolve("target/classes/counter.wasm");
        byte[] flipped = Files.readAllBytes(output);
        flipped[flipped.length - 1] ^= 1;
        Files.write(output, flipped);
        MojoFailureException failure = assertThrows(MojoFailureException.class, verify::execute);
        assertTrue(failure.getMessage().matches("wasm-snapshot verification failed: src/main/wasm/counter.wasm: the"
                + " output target/classes/counter.wasm differs from the snapshot made again at byte offset "
                + (flipped.length - 1) + ", in the data section at byte offset \\d+ \\(it ends at byte offset "
                + flipped.length + "\\)"), failure.getMessage());
    }

    @Test
    void includesAndExcludesSelectTheModules() throws Exception {
        fixture("counter", "src/main/wasm/a/one.wasm");
        fixture("counter", "src/main/wasm/a/two.module");
        fixture("counter", "src/main/wasm/b/three.wasm");
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
        fixture("counter", "src/main/wasm/counter.wasm");
        Path output = project.resolve("target/classes/counter.wasm");
        mojo.execute();
        byte[] first = Files.readAllBytes(output);

        log.clear();
        mojo.execute();
        assertEquals(List.of("[INFO] src/main/wasm/counter.wasm -> target/classes/counter.wasm: up to date"), log);

        log.clear();
        mojo.keepInitFunction = "true";
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
        fixture("counter", "src/main/wasm/counter.wasm");

        log.clear();
        mojo.keepInitFunction = "false";
        mojo.execute();
        assertArrayEquals(first, Files.readAllBytes(output));
    }

    @Test
    void aFailedModuleFailsTheBuildAfterTheOthersAndLeavesNoOutput() throws Exception {
        fixture("unreachable", "src/main/wasm/a-trap.wasm");
        fixture("counter", "src/main/wasm/b-good.wasm");
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
        fixture("unreachable", "src/main/wasm/one.wasm");
        fixture("unreachable", "src/main/wasm/two.wasm");

        MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);

        assertEquals("wasm-snapshot failed for 2 of 2 modules:\n"
                + "  src/main/wasm/one.wasm: the init function `wizer-initialize` trapped: Trapped on unreachable"
                + " instruction\n"
                + "  src/main/wasm/two.wasm: the init function `wizer-initialize` trapped: Trapped on unreachable"
                + " instruction",
                failure.getMessage());
    }

    @Test
    void aModuleEntryOverridesTheOptionsAndOutputOfOneModule() throws Exception {
        fixture("counter", "src/main/wasm/kept.wasm");
        fixture("counter", "src/main/wasm/plain.wasm");
        fixture("counter", "elsewhere/extra.wasm");
        mojo.modules = List.of(
                entry("src/main/wasm/kept.wasm", "target/special/kept.wasm", e -> {
                    e.keepInitFunction = "true";
                    e.renameFunctions = List.of("answer=value");
                }),
                entry("elsewhere/extra.wasm", null, e -> e.initFunction = "value"));

        MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);

        assertTrue(failure.getMessage().startsWith("wasm-snapshot failed: elsewhere/extra.wasm: "),
                failure.getMessage());
        List<String> kept = exports(project.resolve("target/special/kept.wasm"));
        assertTrue(kept.contains("wizer-initialize") && kept.contains("answer") && !kept.contains("value"),
                kept.toString());
        assertFalse(Files.exists(project.resolve("target/classes/kept.wasm")));
        assertFalse(exports(project.resolve("target/classes/plain.wasm")).contains("wizer-initialize"));
        assertFalse(Files.exists(project.resolve("target/classes/extra.wasm")));
    }

    @Test
    void everyInvalidOptionIsReportedBeforeAnyModuleRuns() throws Exception {
        fixture("counter", "src/main/wasm/a.wasm");
        fixture("counter", "src/main/wasm/b.wasm");
        mojo.renameFunctions = List.of("nonsense");
        mojo.modules = List.of(entry("src/main/wasm/b.wasm", null, e -> e.maxDataSegments = "none"));

        MojoExecutionException refused = assertThrows(MojoExecutionException.class, mojo::execute);

        assertEquals("wasm-snapshot: --rename-func/renameFunctions: a rename must look like DST=SRC, got 'nonsense'",
                refused.getMessage().lines().findFirst().orElseThrow());
        assertEquals(List.of("  src/main/wasm/b.wasm: --max-data-segments/maxDataSegments: takes a whole number, got"
                + " 'none'"), refused.getMessage().lines().skip(1).toList());
        assertFalse(Files.exists(project.resolve("target/classes")), "no module ran");
    }

    @Test
    void aMissingModuleFailsIt() throws Exception {
        mojo.modules = List.of(entry("src/main/wasm/missing.wasm", null, e -> {}));

        MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);

        assertEquals("wasm-snapshot failed: src/main/wasm/missing.wasm: no such file", failure.getMessage());
    }

    @Test
    void twoModulesForOneOutputAreRefused() throws Exception {
        fixture("counter", "src/main/wasm/counter.wasm");
        fixture("counter", "other/counter.wasm");
        mojo.modules = List.of(entry("other/counter.wasm", null, e -> {}));

        MojoExecutionException refused = assertThrows(MojoExecutionException.class, mojo::execute);

        assertEquals("wasm-snapshot: other/counter.wasm and src/main/wasm/counter.wasm would both be written to"
                + " target/classes/counter.wasm", refused.getMessage());
    }

    @Test
    void skipDoesNothing() throws Exception {
        fixture("counter", "src/main/wasm/counter.wasm");
        mojo.skip = true;

        mojo.execute();

        assertEquals(List.of("[INFO] Skipping wasm-snapshot (wasm-snapshot.skip)"), log);
        assertFalse(Files.exists(project.resolve("target")));
    }

    @Test
    void noInputDirectoryIsNoWork() throws Exception {
        mojo.execute();

        assertEquals(List.of("[INFO] No WebAssembly modules: the input directory " + mojo.inputDirectory
                + " does not exist"), log);
    }

    @Test
    void aChosenInputDirectoryThatIsMissingOrIncludesThatMatchNothingWarn() throws Exception {
        mojo.inputDirectory = project.resolve("wasm").toFile();
        mojo.execute();
        assertEquals(List.of("[WARNING] No WebAssembly modules: the input directory " + mojo.inputDirectory
                + " does not exist"), log);

        log.clear();
        fixture("counter", "wasm/counter.module");
        mojo.execute();
        assertEquals(List.of("[WARNING] No WebAssembly modules: no file in " + mojo.inputDirectory
                + " matches the includes [**/*.wasm]"), log);
    }

    /** Nothing outside the outputs is written, renamed or deleted. */
    @Nested
    class Safety {
        @Test
        void anOutputThatIsItsOwnInputIsRefusedBeforeAnythingRuns() throws Exception {
            fixture("unreachable", "src/main/wasm/trap.wasm");
            byte[] source = Files.readAllBytes(project.resolve("src/main/wasm/trap.wasm"));
            mojo.modules = List.of(entry("src/main/wasm/trap.wasm", "src/main/wasm/trap.wasm", e -> {}));

            MojoExecutionException refused = assertThrows(MojoExecutionException.class, mojo::execute);

            assertEquals("wasm-snapshot: the output of src/main/wasm/trap.wasm, src/main/wasm/trap.wasm, is the input"
                    + " src/main/wasm/trap.wasm: refusing to write over a source; choose another output",
                    refused.getMessage());
            assertArrayEquals(source, Files.readAllBytes(project.resolve("src/main/wasm/trap.wasm")));
        }

        @Test
        void anOutputThatIsAnInputThroughALinkIsRefused() throws Exception {
            fixture("counter", "src/main/wasm/counter.wasm");
            Files.createDirectories(project.resolve("target"));
            Files.createSymbolicLink(project.resolve("target/classes"), project.resolve("src/main/wasm"));
            mojo.includes = List.of("counter.wasm");

            MojoExecutionException refused = assertThrows(MojoExecutionException.class, mojo::execute);

            assertEquals("wasm-snapshot: the output of src/main/wasm/counter.wasm, target/classes/counter.wasm, is the"
                    + " same file as"
                    + " the input src/main/wasm/counter.wasm: refusing to write over a source; choose another output",
                    refused.getMessage());
        }

        @Test
        void outputsWhereTheIncludesWouldTakeThemForSourcesAreRefused() throws Exception {
            fixture("counter", "src/main/wasm/counter.wasm");
            mojo.outputDirectory = project.resolve("src/main/wasm/out").toFile();

            MojoExecutionException refused = assertThrows(MojoExecutionException.class, mojo::execute);

            assertEquals("wasm-snapshot: the output src/main/wasm/out/counter.wasm lies in the input directory"
                    + " src/main/wasm where"
                    + " the includes select it: the next build would take it for a source; write outputs elsewhere"
                    + " (outputDirectory) or exclude them", refused.getMessage());
            assertFalse(Files.exists(project.resolve("src/main/wasm/out")));

            mojo.excludes = List.of("out/**");
            mojo.execute();
            assertEquals(49, valueOf(project.resolve("src/main/wasm/out/counter.wasm")));
        }

        @Test
        void aSymbolicLinkLoopIsNotFollowedAndEachFileIsTakenOnce() throws Exception {
            fixture("counter", "src/main/wasm/a/counter.wasm");
            Files.createSymbolicLink(project.resolve("src/main/wasm/a/loop"), project.resolve("src/main/wasm"));
            Files.createSymbolicLink(project.resolve("src/main/wasm/b"), project.resolve("src/main/wasm/a"));

            mojo.execute();

            assertEquals(List.of(
                    "[WARNING] Not following src/main/wasm/a/loop: a symbolic link to a directory that contains it",
                    "[WARNING] Not following src/main/wasm/b/loop: a symbolic link to a directory that contains it"),
                    log.stream().filter(l -> l.startsWith("[WARNING]")).toList());
            List<String> built = log.stream().filter(l -> l.startsWith("[INFO]")).toList();
            assertEquals(1, built.size(), built.toString());
            assertTrue(built.get(0).startsWith("[INFO] src/main/wasm/a/counter.wasm -> "), built.get(0));
        }

        @Test
        void temporaryFilesLiveInTheStateDirectoryAndWhatAKilledBuildLeftGoes() throws Exception {
            fixture("counter", "src/main/wasm/counter.wasm");
            Path temporary = Files.createDirectories(project.resolve("target/wasm-snapshot/tmp/default"));
            Path left = Files.write(temporary.resolve(".wasm-snapshot-0123456789abcdef.tmp"), new byte[] {1});

            mojo.execute();

            assertFalse(Files.exists(left));
            try (var files = Files.list(project.resolve("target/classes"))) {
                assertEquals(List.of(project.resolve("target/classes/counter.wasm")), files.toList());
            }
        }

        @Test
        void aFailedModuleDeletesItsOwnStaleOutputButNotWhatALinkPointsTo() throws Exception {
            fixture("unreachable", "src/main/wasm/trap.wasm");
            Path kept = Files.write(project.resolve("kept.wasm"), new byte[] {1, 2, 3});
            Files.createDirectories(project.resolve("target/classes"));
            Files.createSymbolicLink(project.resolve("target/classes/trap.wasm"), kept);

            assertThrows(MojoFailureException.class, mojo::execute);

            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(kept));
            assertTrue(Files.isSymbolicLink(project.resolve("target/classes/trap.wasm")));
        }
    }

    /** Each module in a JVM of its own, as by default: the same outputs, report, lines and failures. */
    @Nested
    class Forked {
        @BeforeEach
        void wasi() throws IOException {
            Files.createDirectories(project.resolve("src/test/data"));
            Files.writeString(project.resolve("src/test/data/hello.txt"), "hello, world\n");
            mojo.allowWasi = "true";
            mojo.mappedDirectories = List.of("data::src/test/data");
            mojo.environment = Map.of("ZED", "last");
            mojo.inheritEnvironment = "true";
            mojo.wasiArguments = List.of("observer", "--flag");
            mojo.wasiRandomSeed = "4";
            mojo.outputTimestamp = "2026-01-01T01:00:00+01:00";
        }

        @Test
        void theSameOutputsReportAndLinesAsInMavensJvm() throws Exception {
            wasiFixture("observer.wasm", "src/main/wasm/observer.wasm");
            fixture("counter", "src/main/wasm/counter.wasm");
            wasiFixture("calls.wasm", "src/main/wasm/helped.wasm");
            wasiFixture("helper.wasm", "lib/helper.wasm");
            mojo.modules = List.of(entry("src/main/wasm/helped.wasm", null, e -> {
                e.allowWasi = "false";
                e.preloads = List.of("helper=lib/helper.wasm");
                e.initFunction = "use-helper";
            }));
            List<String> files = List.of("target/classes/observer.wasm", "target/classes/counter.wasm",
                    "target/classes/helped.wasm", "target/wasm-snapshot/default.json");

            mojo.execute();
            List<byte[]> inMaven = read(files);
            assertTrue(debug.stream().noneMatch(line -> line.contains("in a JVM of its own")), debug.toString());
            List<String> linesInMaven = lines();
            clean();
            mojo.fork = true;
            mojo.execute();

            for (int i = 0; i < files.size(); i++) {
                assertArrayEquals(inMaven.get(i), read(files).get(i), files.get(i));
            }
            assertEquals(3, debug.stream().filter(line -> line.contains(": in a JVM of its own: ")).count(),
                    debug.toString());
            assertEquals(linesInMaven, lines());
            assertTrue(linesInMaven.contains("[WARNING] src/main/wasm/observer.wasm -> target/classes/observer.wasm:"
                    + " stderr: to stderr"), linesInMaven.toString());
            assertTrue(seen(project.resolve("target/classes/observer.wasm"))
                    .contains("\nrealtime=1767225600.001000000,"), "the clock start Maven's JVM resolved");
        }

        @Test
        void theSameFailuresAsInMavensJvm() throws Exception {
            fixture("unreachable", "src/main/wasm/a-trap.wasm");
            fixture("invalid", "src/main/wasm/b-invalid.wasm");
            fixture("runaway", "src/main/wasm/c-spin.wasm");
            wasiFixture("calls.wasm", "src/main/wasm/d-exit.wasm");
            wasiFixture("calls.wasm", "src/main/wasm/e-no-preload.wasm");
            mojo.modules = List.of(
                    entry("src/main/wasm/c-spin.wasm", null, e -> {
                        e.initFunction = "spin-br-if";
                        e.timeout = "1";
                    }),
                    entry("src/main/wasm/d-exit.wasm", null, e -> e.initFunction = "exit-3"),
                    entry("src/main/wasm/e-no-preload.wasm", null, e -> {
                        e.initFunction = "use-helper";
                        e.preloads = List.of("helper=lib/missing.wasm");
                    }));

            String inMaven = assertThrows(MojoFailureException.class, mojo::execute).getMessage();
            List<String> linesInMaven = lines();
            clean();
            mojo.fork = true;
            String forked = assertThrows(MojoFailureException.class, mojo::execute).getMessage();

            assertEquals(inMaven, forked);
            assertEquals(6, inMaven.lines().count(), inMaven);
            assertEquals(linesInMaven, lines());
        }

        private List<byte[]> read(List<String> files) throws IOException {
            List<byte[]> contents = new ArrayList<>();
            for (String file : files) {
                contents.add(Files.readAllBytes(project.resolve(file)));
            }
            return contents;
        }

        /** The log so far, with the times, which vary, left out; then a new log. */
        private List<String> lines() {
            List<String> lines = log.stream().map(line -> line.replaceFirst(", \\d+ ms$", ", N ms")).toList();
            log.clear();
            debug.clear();
            return lines;
        }

        private void clean() throws IOException {
            try (var files = Files.walk(project.resolve("target"))) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** The WASI parameters: what the initializer sees, what it writes, the up-to-date check, the failures. */
    @Nested
    class Wasi {
        private static final String OBSERVER = "src/main/wasm/observer.wasm";
        private static final String NAME = OBSERVER + " -> target/classes/observer.wasm: ";

        @BeforeEach
        void observer() throws IOException {
            mojo.allowWasi = "true";
            mojo.mappedDirectories = List.of("data::src/test/data");
            Files.createDirectories(project.resolve("src/test/data/sub"));
            Files.writeString(project.resolve("src/test/data/hello.txt"), "hello, world\n");
        }

        @Test
        void theParametersReachTheInitializerAndItsOutputTheLog() throws Exception {
            wasiFixture("observer.wasm", OBSERVER);
            mojo.outputTimestamp = "2026-01-01T00:00:00Z";
            mojo.environment = new LinkedHashMap<>(Map.of("ZED", "last", "ALPHA", "first"));
            mojo.environment.put("EMPTY", null);
            mojo.wasiArguments = List.of("observer", "--flag");
            mojo.wasiRandomSeed = "4";

            mojo.execute();

            String seen = seen(project.resolve("target/classes/observer.wasm"));
            assertTrue(seen.startsWith("random=ca8a33e272e3736e30b0984b6ac674e4\n"), "seed 4, not 0: " + seen);
            assertTrue(seen.contains("\nrealtime=1767225600.001000000,1767225600.002000000 "), seen);
            assertTrue(seen.contains("\nenv=ALPHA=first;EMPTY=;ZED=last;\nargs=observer,--flag\n"), seen);
            assertTrue(seen.contains("\ncat data/hello.txt=hello, world mtime=1767225600\n"), seen);
            assertEquals(List.of(
                    "[INFO] " + NAME + "stdout: hello from the initializer",
                    "[WARNING] " + NAME + "stderr: to stderr",
                    "[INFO] " + NAME + "stdout: second line, no newline"), log.subList(0, 3),
                    "line by line as written; an unfinished last line when the initializer is done");
            assertTrue(log.get(3).startsWith("[INFO] " + NAME), log.toString());
            assertEquals(4, log.size(), log.toString());
        }

        @Test
        void theClockStartsAtTheOutputTimestampUnlessGiven() throws Exception {
            wasiFixture("observer.wasm", OBSERVER);
            Path output = project.resolve("target/classes/observer.wasm");
            mojo.outputTimestamp = "2026-01-01T01:00:00+01:00";
            mojo.execute();
            assertTrue(seen(output).contains("\nrealtime=1767225600.001000000,"), seen(output));

            mojo.outputTimestamp = "1767225600";
            mojo.wasiClockStart = "2024-06-01T12:00:00Z";
            mojo.execute();
            assertTrue(seen(output).contains("\nrealtime=1717243200.001000000,"), seen(output));

            mojo.wasiClockStart = null;
            mojo.outputTimestamp = "x";
            mojo.execute();
            assertTrue(seen(output).contains("\nrealtime=946684800.001000000,"), "one character is none, as in Maven");

            mojo.outputTimestamp = "yesterday";
            MojoExecutionException refused = assertThrows(MojoExecutionException.class, mojo::execute);
            assertEquals("wasm-snapshot: project.build.outputTimestamp is 'yesterday', which cannot start the WASI"
                    + " clock: it must be seconds since 1970 or an ISO-8601 date-time with offset, from 1970 to 2100;"
                    + " fix it, or give --wasi-clock-start/wasiClockStart", refused.getMessage());
        }

        @Test
        void withoutOutputTimestampTheClockStartsAtTheCoresDefault() throws Exception {
            wasiFixture("observer.wasm", OBSERVER);

            mojo.execute();

            assertTrue(seen(project.resolve("target/classes/observer.wasm"))
                    .contains("\nrealtime=946684800.001000000,"));
        }

        @Test
        void anInvalidWasiParameterFailsTheExecution() throws Exception {
            wasiFixture("observer.wasm", OBSERVER);
            mojo.mappedDirectories = List.of("data");

            MojoExecutionException refused = assertThrows(MojoExecutionException.class, mojo::execute);

            assertEquals("wasm-snapshot: --mapdir/mappedDirectories: a mapped directory must look like GUEST::HOST,"
                    + " got 'data'", refused.getMessage());
            mojo.mappedDirectories = null;
            mojo.wasiClockStart = "2200-01-01T00:00:00Z";
            refused = assertThrows(MojoExecutionException.class, mojo::execute);
            assertEquals("wasm-snapshot: --wasi-clock-start/wasiClockStart: must be between 1970-01-01T00:00:00Z and"
                    + " 2100-01-01T00:00:00Z, got 2200-01-01T00:00:00Z", refused.getMessage());
        }

        @Test
        void directoriesAreSeenUnderThePathAsWritten() throws Exception {
            wasiFixture("observer.wasm", OBSERVER);
            mojo.mappedDirectories = null;
            Files.createDirectories(project.resolve("data"));
            Files.writeString(project.resolve("data/hello.txt"), "from the project's directory\n");
            mojo.directories = List.of("data");

            mojo.execute();

            assertTrue(seen(project.resolve("target/classes/observer.wasm"))
                    .contains("\ncat data/hello.txt=from the project's directory mtime="));
        }

        @Test
        void realEntropyAndClockAndTheInheritedEnvironmentWarn() throws Exception {
            wasiFixture("observer.wasm", OBSERVER);
            mojo.wasiRealEntropyAndClock = "true";
            mojo.inheritEnvironment = "true";

            mojo.execute();

            List<String> warnings = log.stream().filter(l -> l.startsWith("[WARNING]") && !l.contains("stderr:"))
                    .toList();
            assertEquals(2, warnings.size(), log.toString());
            assertTrue(warnings.stream().anyMatch(w -> w.contains("the output will not be reproducible")),
                    warnings.toString());
            assertTrue(warnings.stream().anyMatch(w -> w.contains("environment")), warnings.toString());
            assertTrue(warnings.stream().allMatch(w -> w.startsWith("[WARNING] " + NAME)), warnings.toString());
        }

        @Test
        void whatTheInitializerSeesIsPartOfTheUpToDateCheck() throws Exception {
            wasiFixture("observer.wasm", OBSERVER);
            mojo.outputTimestamp = "2026-01-01T00:00:00Z";
            mojo.execute();
            assertRedone(false, () -> {});

            assertRedone(true, () -> mojo.outputTimestamp = "2026-01-02T00:00:00Z");
            assertTrue(seen(project.resolve("target/classes/observer.wasm"))
                    .contains("\nrealtime=1767312000.001000000,"));
            assertRedone(true, () -> mojo.wasiClockStart = "0");
            assertRedone(true, () -> mojo.wasiRandomSeed = "1");
            assertRedone(true, () -> mojo.environment = Map.of("A", "1"));
            assertRedone(true, () -> mojo.wasiArguments = List.of("x"));
            assertRedone(true, () -> mojo.wasiRealEntropyAndClock = "true");
            assertRedone(true, () -> mojo.wasiRealEntropyAndClock = "false");
            assertRedone(true, () -> Files.writeString(project.resolve("src/test/data/hello.txt"), "changed\n"));
            assertRedone(true, () -> Files.writeString(project.resolve("src/test/data/sub/new.txt"), ""));
            assertRedone(false, () -> Files.setLastModifiedTime(project.resolve("src/test/data/hello.txt"),
                    FileTime.fromMillis(0)));
            assertRedone(true, () -> mojo.mappedDirectories = List.of("data::src/test/data",
                    "more::src/test/data/sub"));
        }

        @Test
        void withWasiOffTheBuildsTimeDoesNotMatter() throws Exception {
            fixture("counter", "src/main/wasm/counter.wasm");
            mojo.allowWasi = "false";
            mojo.mappedDirectories = null;
            mojo.outputTimestamp = "2026-01-01T00:00:00Z";
            mojo.execute();

            assertRedone(false, () -> mojo.outputTimestamp = "2026-01-02T00:00:00Z");
            assertRedone(true, () -> mojo.allowWasi = "true");
        }

        @Test
        void wasiParametersWithWasiOffForEveryModuleAreRefused() throws Exception {
            fixture("counter", "src/main/wasm/counter.wasm");
            mojo.allowWasi = "false";

            MojoExecutionException refused = assertThrows(MojoExecutionException.class, mojo::execute);

            assertEquals("wasm-snapshot: --mapdir/mappedDirectories configures WASI, which is off: turn it on with"
                    + " --allow-wasi/allowWasi", refused.getMessage());
        }

        @Test
        void aWasiCallWithWasiOffFailsTheModule() throws Exception {
            wasiFixture("calls.wasm", "src/main/wasm/calls.wasm");
            mojo.allowWasi = "false";
            mojo.mappedDirectories = null;
            mojo.initFunction = "take-entropy";

            assertFailsWithoutOutput("src/main/wasm/calls.wasm: the init function `take-entropy` called the import"
                    + " `wasi_snapshot_preview1.random_get`, which is not available during initialization: WASI is off;"
                    + " turn it on with --allow-wasi/allowWasi");
        }

        @Test
        void procExitFailsTheModule() throws Exception {
            wasiFixture("calls.wasm", "src/main/wasm/calls.wasm");
            mojo.initFunction = "exit-3";

            assertFailsWithoutOutput("src/main/wasm/calls.wasm: the init function `exit-3` called"
                    + " `wasi_snapshot_preview1.proc_exit` with status 3: an initializer must return, not exit");
        }

        @Test
        void aMissingMappedDirectoryFailsTheModule() throws Exception {
            wasiFixture("observer.wasm", OBSERVER);
            mojo.mappedDirectories = List.of("data::src/test/missing");

            Path missing = project.resolve("src/test/missing");
            assertFailsWithoutOutput(OBSERVER + ": cannot map the directory " + missing + " to data: no such directory "
                    + missing);
        }

        @Test
        void aMappedFileFailsTheModule() throws Exception {
            wasiFixture("observer.wasm", OBSERVER);
            Path file = Files.writeString(project.resolve("src/test/file.txt"), "x");
            mojo.mappedDirectories = List.of("data::src/test/file.txt");

            assertFailsWithoutOutput(OBSERVER + ": cannot map the directory " + file + " to data: not a directory: "
                    + file);
        }

        @Test
        void anUnreadableMappedDirectoryFailsTheModule() throws Exception {
            wasiFixture("observer.wasm", OBSERVER);
            Path locked = Files.createDirectories(project.resolve("src/test/locked"));
            Files.writeString(locked.resolve("secret.txt"), "x");
            mojo.mappedDirectories = List.of("data::src/test/locked");
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
            try {
                Assumptions.assumeFalse(Files.isReadable(locked), "running as a user who reads everything");
                assertFailsWithoutOutput(OBSERVER + ": cannot map the directory " + locked
                        + " to data: permission denied: "
                        + locked);
            } finally {
                Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
            }
        }

        @Test
        void preloadsAreResolvedAgainstTheProjectAndTheirContentsAreChecked() throws Exception {
            wasiFixture("calls.wasm", "src/main/wasm/calls.wasm");
            wasiFixture("helper.wasm", "lib/helper.wasm");
            mojo.allowWasi = "false";
            mojo.mappedDirectories = null;
            mojo.initFunction = "use-helper";
            mojo.preloads = List.of("helper=lib/helper.wasm");

            mojo.execute();

            Path output = project.resolve("target/classes/calls.wasm");
            assertEquals(42, instantiate(output).export("doubled").apply()[0]);
            assertRedone(false, () -> {});
            assertRedone(true, () -> Files.write(project.resolve("lib/helper.wasm"), new byte[] {0, 2, 1, 'x'},
                    java.nio.file.StandardOpenOption.APPEND));
        }

        @Test
        void aMissingPreloadFailsTheModule() throws Exception {
            wasiFixture("calls.wasm", "src/main/wasm/calls.wasm");
            mojo.initFunction = "use-helper";
            mojo.preloads = List.of("helper=lib/missing.wasm");

            assertFailsWithoutOutput("src/main/wasm/calls.wasm: the preload `helper` ("
                    + project.resolve("lib/missing.wasm") + "): no such file");
        }

        @Test
        void aModuleEntryOverridesAllowWasiAndPreloads() throws Exception {
            wasiFixture("calls.wasm", "src/main/wasm/entropy.wasm");
            wasiFixture("calls.wasm", "src/main/wasm/helped.wasm");
            wasiFixture("helper.wasm", "lib/helper.wasm");
            mojo.allowWasi = "false";
            mojo.modules = List.of(
                    entry("src/main/wasm/entropy.wasm", null, e -> {
                        e.allowWasi = "true";
                        e.initFunction = "take-entropy";
                    }),
                    entry("src/main/wasm/helped.wasm", null, e -> {
                        e.preloads = List.of("helper=lib/helper.wasm");
                        e.initFunction = "use-helper";
                    }));

            mojo.execute();

            assertEquals(0xE220A8397B1DCDAFL,
                    instantiate(project.resolve("target/classes/entropy.wasm")).export("entropy").apply()[0]);
            assertEquals(42, instantiate(project.resolve("target/classes/helped.wasm")).export("doubled").apply()[0]);
        }

        private void assertFailsWithoutOutput(String reason) {
            MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
            assertEquals("wasm-snapshot failed: " + reason, failure.getMessage());
            assertEquals(List.of("[ERROR] " + reason), log.stream().filter(l -> l.startsWith("[ERROR]")).toList());
            assertFalse(Files.exists(project.resolve("target/classes")), "no output");
        }

        /** Runs the goal after {@code change}: was the one module redone, or up to date? */
        private void assertRedone(boolean redone, ThrowingRunnable change) throws Exception {
            change.run();
            log.clear();
            mojo.execute();
            String line = log.get(log.size() - 1);
            assertEquals(redone, !line.endsWith(": up to date"), line);
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private ModuleConfiguration entry(String input, String output,
            java.util.function.Consumer<ModuleConfiguration> options) {
        ModuleConfiguration entry = new ModuleConfiguration();
        entry.input = project.resolve(input).toFile();
        entry.output = output == null ? null : project.resolve(output).toFile();
        options.accept(entry);
        return entry;
    }

    /** The core's fixture {@code NAME.wasm}, at {@code path} in the project. */
    private void fixture(String name, String path) throws IOException {
        write(Fixtures.load(name), path);
    }

    /** The core's WASI fixture {@code name}, at {@code path} in the project. */
    private void wasiFixture(String name, String path) throws IOException {
        write(Fixtures.wasi(name), path);
    }

    private void write(byte[] module, String path) throws IOException {
        Path target = project.resolve(path);
        Files.createDirectories(target.getParent());
        Files.write(target, module);
    }

    private static String seen(Path module) throws IOException {
        return Fixtures.seen(Files.readAllBytes(module));
    }

    private static Instance instantiate(Path module) throws IOException {
        return Fixtures.instantiateWithoutImports(Files.readAllBytes(module));
    }

    private static long valueOf(Path module) throws IOException {
        return Fixtures.call(Fixtures.instantiate(Files.readAllBytes(module)), "value");
    }

    private static List<String> exports(Path module) throws IOException {
        return Fixtures.exportNames(Files.readAllBytes(module));
    }
}
