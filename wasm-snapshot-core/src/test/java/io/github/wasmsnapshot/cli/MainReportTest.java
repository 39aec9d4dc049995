package io.github.wasmsnapshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wasmsnapshot.core.Versions;
import io.github.wasmsnapshot.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --report FILE}: the output's provenance; {@code --check}: the output is what a second run gives. */
class MainReportTest {
    @TempDir
    Path dir;

    private String errors;

    private int run(String... args) {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = new Main(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), Map.of()).run(args);
        errors = stderr.toString(StandardCharsets.UTF_8);
        return status;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void theReportSaysWhatWentInAndWhatCameOut() throws Exception {
        Path input = Files.write(dir.resolve("in.wasm"), Fixtures.load("counter"));
        Path output = dir.resolve("out.wasm");
        Path report = dir.resolve("report.json");

        assertEquals(Main.OK, run(input.toString(), "-o", output.toString(), "--report", report.toString(),
                "--keep-init-func"));

        assertEquals("{\"input\": {\"path\": \"" + input + "\", \"sha256\": \"" + sha256(Files.readAllBytes(input))
                + "\"}, \"output\": {\"path\": \"" + output + "\", \"sha256\": \"" + sha256(Files.readAllBytes(output))
                + "\"}, \"options\": {\"initFunction\": \"wizer-initialize\", \"renameFunctions\": [],"
                + " \"keepInitFunction\": true, \"maxDataSegments\": 10000, \"timeout\": 0, \"stackSize\": 16777216,"
                + " \"preloads\": [], \"allowWasi\": false}, \"versions\": {\"wasm-snapshot\": \""
                + Versions.wasmSnapshot() + "\", \"chicory\": \"1.7.5\"}, \"result\": {\"inputBytes\": 105,"
                + " \"outputBytes\": " + Files.size(output) + ", \"memoryPages\": [1], \"dataSegments\": 1,"
                + " \"dataBytes\": 1, \"globals\": 1}}\n", Files.readString(report));
    }

    @Test
    void checkPassesWhereTheOutputReproduces() throws Exception {
        Path input = Files.write(dir.resolve("in.wasm"), Fixtures.load("primes"));
        Path output = dir.resolve("out.wasm");

        assertEquals(Main.OK, run(input.toString(), "-o", output.toString(), "--check", "--parallelism", "2"));

        assertTrue(Files.exists(output));
        assertEquals("", errors);
    }

    @Test
    void checkFailsWhereItDoesNotAndWritesNothing() throws Exception {
        Path input = Files.write(dir.resolve("calls.wasm"), Fixtures.wasi("calls.wasm"));
        Path output = dir.resolve("out.wasm");

        assertEquals(Main.FAILED, run(input.toString(), "-o", output.toString(), "--check", "-f", "take-entropy",
                "--allow-wasi", "--wasi-real-entropy-and-clock"));

        assertFalse(Files.exists(output));
        assertTrue(errors.lines().anyMatch(line -> line.matches("error: " + input.toString().replace(".", "\\.")
                + ": not reproducible: snapshotting again on \\d threads? gave other bytes, at byte offset \\d+, in"
                + " the data section at byte offset \\d+ \\(it ends at byte offset \\d+\\)")), errors);
    }
}
