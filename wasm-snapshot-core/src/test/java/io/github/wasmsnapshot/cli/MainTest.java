package io.github.wasmsnapshot.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wasmsnapshot.core.SnapshotOptions;
import io.github.wasmsnapshot.core.WasmSnapshot;
import io.github.wasmsnapshot.testing.ChildJvm;
import io.github.wasmsnapshot.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line: exit codes, one-line errors, and files left as they were on failure. */
class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int run(byte[] stdin, String... args) {
        var main = new Main(new ByteArrayInputStream(stdin), stdout,
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        return main.run(args);
    }

    private int run(String... args) {
        return run(new byte[0], args);
    }

    private List<String> stderrLines() {
        return stderr.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static Stream<Arguments> badInputs() {
        byte[] primes = Fixtures.load("primes");
        byte[] wrongVersion = primes.clone();
        wrongVersion[4] = 2;
        return Stream.of(
                Arguments.of("not wasm", "(module)\n".getBytes(StandardCharsets.US_ASCII), List.of(),
                        List.of("not a WebAssembly binary", "byte offset 0")),
                Arguments.of("empty", new byte[0], List.of(), List.of("not a WebAssembly binary")),
                Arguments.of("truncated header", Arrays.copyOf(primes, 6), List.of(),
                        List.of("truncated module", "byte offset 6")),
                Arguments.of("truncated section", Arrays.copyOf(primes, 100), List.of(),
                        List.of("truncated module", "at byte offset ")),
                Arguments.of("wrong version", wrongVersion, List.of(),
                        List.of("unsupported WebAssembly binary version 2", "byte offset 4")),
                Arguments.of("component", bytes(0, 'a', 's', 'm', 0x0d, 0, 1, 0), List.of(),
                        List.of("component", "byte offset 4")),
                Arguments.of("invalid", Fixtures.load("invalid"), List.of(),
                        List.of("invalid module", "type mismatch")),
                Arguments.of("trapping init", Fixtures.load("trap"), List.of(),
                        List.of("`wizer-initialize`", "trapped", "divide by zero")),
                Arguments.of("trapping start function", Fixtures.load("start-trap"), List.of(),
                        List.of("start function", "trapped", "unreachable")),
                Arguments.of("missing init", primes, List.of("--init-func", "setup"), List.of("`setup`")),
                Arguments.of("refused import", Fixtures.load("import-table"), List.of(),
                        List.of("imported table `env.table`")),
                Arguments.of("called import", Fixtures.load("import-called"), List.of(), List.of("`env.now`")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputFailsWithOneLineAndLeavesNoOutput(String what, byte[] module, List<String> options,
            List<String> expected) throws Exception {
        Path input = write("in.wasm", module);
        Path output = dir.resolve("out.wasm");
        String[] args = Stream.concat(Stream.of(input.toString(), "-o", output.toString()), options.stream())
                .toArray(String[]::new);

        assertEquals(Main.FAILED, run(args));

        List<String> lines = stderrLines();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("error: " + input + ": "), lines.get(0));
        for (String part : expected) {
            assertTrue(lines.get(0).contains(part), lines.get(0) + " should say " + part);
        }
        assertFalse(Files.exists(output));
        assertArrayEquals(module, Files.readAllBytes(input));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(input), files.toList(), "no temporary files left behind");
        }
        assertEquals(0, stdout.size());
    }

    @Test
    void anExistingOutputIsLeftAsItWasOnFailure() throws Exception {
        Path input = write("trap.wasm", Fixtures.load("trap"));
        Path output = write("out.wasm", bytes(1, 2, 3));

        assertEquals(Main.FAILED, run(input.toString(), "-o", output.toString()));
        assertArrayEquals(bytes(1, 2, 3), Files.readAllBytes(output));
    }

    @Test
    void verboseFailuresCarryTheStackTrace() throws Exception {
        Path input = write("trap.wasm", Fixtures.load("trap"));

        assertEquals(Main.FAILED, run(input.toString(), "-o", dir.resolve("out.wasm").toString(), "--verbose"));
        assertTrue(stderrLines().stream()
                .anyMatch(line -> line.startsWith("error: ") && line.contains("divide by zero")),
                stderrLines().toString());
        assertTrue(stderrLines().stream().anyMatch(line -> line.startsWith("\tat ")), stderrLines().toString());
    }

    @Test
    void aMissingInputFileIsNamed() {
        Path missing = dir.resolve("missing.wasm");

        assertEquals(Main.FAILED, run(missing.toString(), "-o", dir.resolve("out.wasm").toString()));
        assertEquals(List.of("error: " + missing + ": no such file"), stderrLines());
    }

    @Test
    void aDirectoryAsInputIsNamedSo() {
        assertEquals(Main.FAILED, run(dir.toString(), "-o", dir.resolve("out.wasm").toString()));
        assertEquals(List.of("error: " + dir + ": is a directory, not a module"), stderrLines());
    }

    @Test
    void endlessStdinThatIsNoModuleFailsAtOnce() {
        InputStream zeros = new InputStream() {
            @Override
            public int read() {
                return 0;
            }
        };
        var main = new Main(zeros, stdout, new PrintStream(stderr, true, StandardCharsets.UTF_8));

        assertEquals(Main.FAILED, main.run("-o", dir.resolve("out.wasm").toString()));
        assertEquals(List.of("error: -: not a WebAssembly binary: it does not start with the magic bytes \\0asm (byte"
                + " offset 0)"), stderrLines());
    }

    /** A module's header, then zeros without end: read until the heap is full, then one line, not an Error. */
    @Test
    void endlessStdinThatFillsTheHeapFailsWithOneLine() throws Exception {
        Process child = ChildJvm.start(List.of("-Xmx64m"), Main.class, "-o", dir.resolve("out.wasm").toString());
        child.getInputStream().close();
        try (OutputStream stdin = child.getOutputStream()) {
            stdin.write(Fixtures.load("primes"), 0, 8);
            byte[] zeros = new byte[1 << 16];
            while (child.isAlive()) {
                stdin.write(zeros);
            }
        } catch (IOException closedByTheChild) {
            // it stopped reading
        }

        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(Main.FAILED, child.exitValue());
        List<String> errors = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).matches("error: -: ran out of Java heap reading it \\(.*\\): give the JVM more heap,"
                + " with java -Xmx \\(for example -Xmx4g\\), or MAVEN_OPTS=-Xmx4g for Maven"), errors.get(0));
        assertFalse(Files.exists(dir.resolve("out.wasm")));
    }

    @Test
    void successWritesTheFileAndReplacesAnExistingOne() throws Exception {
        byte[] module = Fixtures.load("primes");
        Path input = write("primes.wasm", module);
        Path output = write("out.wasm", bytes(1, 2, 3));

        assertEquals(Main.OK, run(input.toString(), "-o", output.toString(), "--parallelism", "3"));

        byte[] expected = new WasmSnapshot(SnapshotOptions.defaults()).run(module).output();
        assertArrayEquals(expected, Files.readAllBytes(output));
        assertArrayEquals(module, Files.readAllBytes(input));
        assertEquals("", stderr.toString(StandardCharsets.UTF_8));
        assertEquals(0, stdout.size());
    }

    /** Like any file the user creates there: not the owner-only mode of a temporary file. */
    @Test
    void aNewOutputFileGetsTheUsualPermissions() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path input = write("primes.wasm", Fixtures.load("primes"));
        Path output = dir.resolve("out.wasm");
        Path reference = Files.createFile(dir.resolve("reference"));

        assertEquals(Main.OK, run(input.toString(), "-o", output.toString()));
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(output));
    }

    @Test
    void optionsReachTheSnapshot() throws Exception {
        byte[] module = Fixtures.load("exports");
        Path input = write("exports.wasm", module);
        Path output = dir.resolve("out.wasm");

        assertEquals(Main.OK, run(input.toString(), "-o", output.toString(), "-r", "_start=main_initialized",
                "--keep-init-func", "--max-data-segments", "5", "-f", "wizer-initialize"));

        assertEquals(List.of("memory", "wizer-initialize", "_start", "helper", "answer"),
                Fixtures.exportNames(Files.readAllBytes(output)));
    }

    @Test
    void stdinToStdout() throws Exception {
        byte[] module = Fixtures.load("reactor");

        assertEquals(Main.OK, run(module));

        assertArrayEquals(new WasmSnapshot(SnapshotOptions.defaults()).run(module).output(), stdout.toByteArray());
        assertEquals("", stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void dashMeansStdinAndStdout() throws Exception {
        byte[] module = Fixtures.load("reactor");

        assertEquals(Main.OK, run(module, "-", "-o", "-", "--verbose"));

        assertArrayEquals(new WasmSnapshot(SnapshotOptions.defaults()).run(module).output(), stdout.toByteArray());
        assertTrue(stderrLines().get(stderrLines().size() - 1).startsWith("wasm-snapshot: - -> -: "),
                stderrLines().toString());
    }

    @Test
    void aFailingStdoutFailsWithOneLine() {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        var main = new Main(new ByteArrayInputStream(Fixtures.load("reactor")), full,
                new PrintStream(stderr, true, StandardCharsets.UTF_8));

        assertEquals(Main.FAILED, main.run());
        assertEquals(List.of("error: -: cannot write to stdout: No space left on device"), stderrLines());
    }

    /** The real stdout, through main(): a pipe whose reader has gone is a failure (not a PrintStream's silence). */
    @Test
    void aStdoutPipeWithoutReaderFailsWithOneLine() throws Exception {
        Process child = ChildJvm.start(Main.class);
        child.getInputStream().close();
        try (OutputStream stdin = child.getOutputStream()) {
            stdin.write(Fixtures.load("reactor"));
        }

        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(Main.FAILED, child.exitValue());
        assertEquals(List.of("error: -: cannot write to stdout: Broken pipe"),
                new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "-o", "--init-func", "--max-data-segments=x", "--max-data-segments=0",
        "--parallelism=0", "--keep-init-func=maybe", "-r=nosign", "a.wasm b.wasm", "--verbose=yes"})
    void usageErrorsExitWithTwo(String args) throws Exception {
        Path input = write("in.wasm", Fixtures.load("primes"));

        assertEquals(Main.USAGE, run(args.split(" ")));
        assertTrue(stderrLines().get(0).startsWith("error: "), stderrLines().toString());
        assertEquals(0, stdout.size());
        assertArrayEquals(Fixtures.load("primes"), Files.readAllBytes(input));
    }

    @Test
    void aUsageErrorSaysWhatAndWhereToLook() {
        assertEquals(Main.USAGE, run("in.wasm", "-o", "out.wasm", "b.wasm"));
        assertEquals(List.of("error: Unmatched argument at index 3: 'b.wasm'", "Run with --help for usage."),
                stderrLines());
        assertEquals(0, stdout.size());
    }

    @Test
    void helpOnAWrongCommandLineStillHelps() {
        assertEquals(Main.OK, run("in.wasm", "--bogus", "--help"));
        assertTrue(stdout.toString(StandardCharsets.UTF_8).startsWith("Usage: java -jar wasm-snapshot-core-"),
                stdout.toString());
        assertEquals("", stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpAndVersionGoToStdoutAndExitWithZero() {
        assertEquals(Main.OK, run("--help"));
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("-f, --init-func=NAME"), stdout.toString());
        stdout.reset();
        assertEquals(Main.OK, run("--version"));
        assertTrue(stdout.toString(StandardCharsets.UTF_8).matches("wasm-snapshot \\S+ \\(Chicory 1\\.7\\.5\\)\\R"),
                stdout.toString());
    }
}
