package io.github.wasmsnapshot.cli;

import static io.github.wasmsnapshot.testing.Fixtures.wasi;
import static io.github.wasmsnapshot.testing.Fixtures.seen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wasmsnapshot.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainWasiTest {
    @TempDir
    Path temp;

    private Path observer;
    private Path calls;
    private Path output;
    private String errors;

    @BeforeEach
    void fixtures() throws IOException {
        observer = Files.write(temp.resolve("observer.wasm"), wasi("observer.wasm"));
        calls = Files.write(temp.resolve("calls.wasm"), wasi("calls.wasm"));
        output = temp.resolve("out.wasm");
        Path data = Files.createDirectories(temp.resolve("host-data"));
        Files.writeString(data.resolve("hello.txt"), "hi\n");
        Files.createDirectories(data.resolve("sub"));
    }

    @Test
    void wasiOptionsReachTheInitializerAndItsOutputIsPrinted() throws IOException {
        assertEquals(Main.OK, run(Map.of(), observer.toString(), "-o", output.toString(), "--allow-wasi",
                "--env", "GREETING=hello", "--env=EMPTY=", "--wasi-arg", "observer",
                "--mapdir", "data::" + temp.resolve("host-data"), "--wasi-random-seed", "7",
                "--wasi-clock-start", "2024-01-01T00:00:00Z"));
        String seen = seen(Files.readAllBytes(output));
        assertTrue(seen.contains("realtime=1704067200.001000000,"), seen);
        assertTrue(seen.contains("env=GREETING=hello;EMPTY=;\nargs=observer\n"), seen);
        assertTrue(seen.contains("cat data/hello.txt=hi mtime=1704067200\nls data=hello.txt,sub,\n"), seen);
        // The unfinished last line of stdout comes when the initialization ends.
        assertEquals("hello from the initializer\nto stderr\nsecond line, no newline\n", errors);
    }

    @Test
    void theOutputIsReproducibleAndSourceDateEpochStartsTheClock() throws IOException {
        Path second = temp.resolve("second.wasm");
        Map<String, String> environment = Map.of(Main.SOURCE_DATE_EPOCH, "1600000000");
        assertEquals(Main.OK, run(environment, observer.toString(), "-o", output.toString(), "--allow-wasi"));
        assertEquals(Main.OK, run(environment, observer.toString(), "-o", second.toString(), "--allow-wasi",
                "--parallelism", "1"));
        assertArrayEquals(Files.readAllBytes(output), Files.readAllBytes(second));
        String seen = seen(Files.readAllBytes(output));
        assertTrue(seen.contains("realtime=1600000000.001000000,"), seen);
    }

    @Test
    void inheritStdioFalseSilencesTheInitializer() {
        assertEquals(Main.OK, run(Map.of(), observer.toString(), "-o", output.toString(), "--allow-wasi",
                "--inherit-stdio", "false"));
        assertEquals("", errors);
    }

    @Test
    void realEntropyAndClockWarns() {
        assertEquals(Main.OK, run(Map.of(), observer.toString(), "-o", output.toString(), "--allow-wasi",
                "--wasi-real-entropy-and-clock", "--inherit-stdio=false"));
        assertTrue(errors.startsWith("warning: WASI gives the initializer real entropy and the system clock"), errors);
    }

    @Test
    void aWasiCallWithoutAllowWasiFails() {
        assertEquals(Main.FAILED, run(Map.of(), calls.toString(), "-o", output.toString(), "-f", "take-entropy"));
        assertEquals("error: " + calls + ": the init function `take-entropy` called the import"
                + " `wasi_snapshot_preview1.random_get`, which is not available during initialization: WASI is off;"
                + " turn it on with --allow-wasi/allowWasi\n", errors);
        assertFalse(Files.exists(output));
    }

    @Test
    void procExitFails() {
        assertEquals(Main.FAILED, run(Map.of(), calls.toString(), "-o", output.toString(), "-f", "exit-3",
                "--allow-wasi"));
        assertTrue(errors.contains("called `wasi_snapshot_preview1.proc_exit` with status 3"), errors);
        assertFalse(Files.exists(output));
    }

    @Test
    void aMissingPreloadFails() {
        Path missing = temp.resolve("helper.wasm");
        assertEquals(Main.FAILED, run(Map.of(), calls.toString(), "-o", output.toString(), "-f", "use-helper",
                "--preload", "helper=" + missing));
        assertEquals("error: " + calls + ": the preload `helper` (" + missing + "): no such file\n", errors);
        assertFalse(Files.exists(output));
    }

    @Test
    void aPreloadSatisfiesImports() throws IOException {
        Path helper = Files.write(temp.resolve("helper.wasm"), wasi("helper.wasm"));
        assertEquals(Main.OK, run(Map.of(), calls.toString(), "-o", output.toString(), "-f", "use-helper",
                "--preload=helper=" + helper));
    }

    @Test
    void aMissingMappedDirectoryFails() {
        Path missing = temp.resolve("nowhere");
        assertEquals(Main.FAILED, run(Map.of(), observer.toString(), "-o", output.toString(), "--allow-wasi",
                "--dir", missing.toString()));
        assertEquals("error: " + observer + ": cannot map the directory " + missing + " to " + missing
                + ": no such directory " + missing + "\n", errors);
        assertFalse(Files.exists(output));
    }

    @Test
    void wasiOptionsNeedAllowWasi() {
        assertEquals(Main.USAGE, run(Map.of(), observer.toString(), "--env", "A=B"));
        assertTrue(errors.startsWith("error: --env/environment configures WASI, which is off: turn it on with"
                + " --allow-wasi/allowWasi\n"), errors);
    }

    @Test
    void badWasiValuesAreUsageErrors() throws IOException {
        for (List<String> args : List.of(List.of("--allow-wasi", "--mapdir", "nocolons"),
                List.of("--allow-wasi", "--wasi-clock-start", "yesterday"),
                List.of("--allow-wasi", "--wasi-clock-start", "1969-12-31T23:59:59Z"),
                List.of("--allow-wasi", "--wasi-clock-start", "99999999999999999"),
                List.of("--allow-wasi", "--env", "=x"),
                List.of("--preload", "helper"))) {
            List<String> all = new ArrayList<>(args);
            all.add(observer.toString());
            assertEquals(Main.USAGE, run(Map.of(), all.toArray(String[]::new)), args.toString());
        }
        assertEquals(Main.USAGE, run(Map.of(Main.SOURCE_DATE_EPOCH, "soon"), observer.toString(), "--allow-wasi"));
        assertTrue(errors.startsWith("error: SOURCE_DATE_EPOCH is 'soon', which cannot start the WASI clock: it must"
                + " be whole seconds since 1970, from 1970 to 2100; fix it, or give"
                + " --wasi-clock-start/wasiClockStart\n"),
                errors);
        assertEquals(Main.USAGE, run(Map.of(Main.SOURCE_DATE_EPOCH, "-1"), observer.toString(), "--allow-wasi"));
        assertTrue(errors.startsWith("error: SOURCE_DATE_EPOCH is '-1', which cannot start the WASI clock"), errors);
        assertEquals(Main.OK, run(Map.of(Main.SOURCE_DATE_EPOCH, "soon"), observer.toString(), "-o",
                output.toString(), "--allow-wasi", "--wasi-clock-start", "0"), "a given clock start is used instead");
        Path primes = Files.write(temp.resolve("primes.wasm"), Fixtures.load("primes"));
        assertEquals(Main.OK, run(Map.of(Main.SOURCE_DATE_EPOCH, "soon"), primes.toString(), "-o",
                output.toString()), "without WASI, the clock start is not needed");
        assertEquals(Main.OK, run(Map.of(Main.SOURCE_DATE_EPOCH, ""), observer.toString(), "-o",
                output.toString(), "--allow-wasi"));
    }

    private int run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = new Main(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), environment).run(args);
        errors = stderr.toString(StandardCharsets.UTF_8);
        return status;
    }
}
