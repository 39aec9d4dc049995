package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.wasi;
import static io.github.wasmsnapshot.testing.Fixtures.instantiateWithoutImports;
import static io.github.wasmsnapshot.testing.Fixtures.seen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasiTest {
    @TempDir
    Path temp;

    @Test
    void theInitializerSeesADeterministicWorld() throws Exception {
        Path data = dataDirectory();
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        SnapshotListener listener = new SnapshotListener() {
            @Override
            public void stdout(String line) {
                out.add(line);
            }

            @Override
            public void stderr(String line) {
                err.add(line);
            }
        };
        SnapshotOptions options = observerOptions(data, 4).build();
        byte[] output = new WasmSnapshot(options, listener).run(wasi("observer.wasm")).output();

        assertEquals("""
                random=afcd1d7b39a820e2f465b9a16a9e786e
                realtime=946684800.001000000,946684800.002000000 res=1000000
                monotonic=0.003000000,0.004000000 res=1000000
                env=GREETING=hello;EMPTY=;
                args=observer,--flag
                cat data/hello.txt=hello, world mtime=946684800
                ls data=M.txt,a.txt,hello.txt,sub,z.txt,
                ls data/sub=1,2,
                """, seen(output));
        assertEquals(List.of("hello from the initializer", "second line, no newline"), out);
        assertEquals(List.of("to stderr"), err);
    }

    @Test
    void sleepingTakesNoTimeAndMovesTheClock() throws Exception {
        long start = System.nanoTime();
        byte[] output = new WasmSnapshot(SnapshotOptions.builder().withInitFunction("nap")
                .withWasi(WasiConfig.defaults()).build())
                .run(wasi("observer.wasm")).output();
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "slept for real");
        assertEquals("after sleep(5): monotonic=5.001000000\n", seen(output));
    }

    @Test
    void theInitializerWritesToACopyNeverToTheHost() throws Exception {
        Path data = dataDirectory();
        FileTime hostTime = Files.getLastModifiedTime(data.resolve("hello.txt"));
        byte[] output = new WasmSnapshot(observerOptions(data, 1).withInitFunction("scribble").build())
                .run(wasi("observer.wasm")).output();
        assertEquals("create=ok touch=ok mtime=946684800\nls data=M.txt,a.txt,hello.txt,new.txt,sub,z.txt,\n",
                seen(output));
        assertFalse(Files.exists(data.resolve("new.txt")));
        assertEquals(hostTime, Files.getLastModifiedTime(data.resolve("hello.txt")));
    }

    @Test
    void theOutputIsTheSameRunToRunAndForAnyParallelism() throws Exception {
        Path data = dataDirectory();
        byte[] input = wasi("observer.wasm");
        byte[] first = new WasmSnapshot(observerOptions(data, 1).build()).run(input).output();
        byte[] second = new WasmSnapshot(observerOptions(data, 1).build()).run(input).output();
        byte[] parallel = new WasmSnapshot(observerOptions(data, 3).build()).run(input).output();
        assertArrayEquals(first, second);
        assertArrayEquals(first, parallel);
    }

    @Test
    void hostTimestampsAndCreationOrderDoNotReachTheSnapshot() throws Exception {
        Path data = dataDirectory();
        byte[] input = wasi("observer.wasm");
        byte[] before = new WasmSnapshot(observerOptions(data, 1).build()).run(input).output();
        Files.setLastModifiedTime(data.resolve("hello.txt"), FileTime.from(Instant.parse("2011-11-11T11:11:11Z")));
        Files.delete(data.resolve("a.txt"));
        Files.writeString(data.resolve("a.txt"), "a");
        byte[] after = new WasmSnapshot(observerOptions(data, 1).build()).run(input).output();
        assertArrayEquals(before, after);
    }

    @Test
    void theSeedAndTheClockStartAreOptions() throws Exception {
        SnapshotOptions options = SnapshotOptions.builder()
                .withWasi(WasiConfig.builder().withRandomSeed(42).withClockStart(Instant.ofEpochSecond(1_700_000_000))
                        .build())
                .build();
        String seen = seen(new WasmSnapshot(options).run(wasi("observer.wasm")).output());
        assertTrue(seen.contains("realtime=1700000000.001000000,"), seen);
        assertFalse(seen.contains("random=afcd1d7b39a820e2"), seen);
        assertTrue(seen.contains("env=\nargs=\ncat data/hello.txt: failed\nls data: failed\n"), seen);
    }

    @Test
    void realEntropyAndClockDifferRunToRunAndWarn() throws Exception {
        Warnings listener = new Warnings();
        List<String> warnings = listener.messages;
        SnapshotOptions options = SnapshotOptions.builder()
                .withWasi(WasiConfig.builder().withRealEntropyAndClock(true).build()).build();
        byte[] input = wasi("observer.wasm");
        byte[] first = new WasmSnapshot(options, listener).run(input).output();
        byte[] second = new WasmSnapshot(options, listener).run(input).output();
        assertFalse(Arrays.equals(first, second));
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(0).contains("not be reproducible"), warnings.get(0));
    }

    @Test
    void inheritingTheEnvironmentWarns() throws Exception {
        Warnings listener = new Warnings();
        List<String> warnings = listener.messages;
        SnapshotOptions options = SnapshotOptions.builder()
                .withWasi(WasiConfig.builder().withInheritEnvironment(true)
                        .withEnvironmentVariable(new EnvironmentVariable("GREETING", "x")).build())
                .build();
        String seen = seen(new WasmSnapshot(options, listener).run(wasi("observer.wasm")).output());
        assertTrue(seen.contains("GREETING=x;"), seen);
        assertTrue(seen.contains("PATH="), seen);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("environment"), warnings.get(0));
    }

    @Test
    void theInheritedEnvironmentMayBeAnotherProcesssAndIsPartOfTheDigest() throws Exception {
        WasmSnapshot snapshot = new WasmSnapshot(SnapshotOptions.builder()
                .withWasi(WasiConfig.builder().withInheritEnvironment(true).build()).build());
        SnapshotInput input = snapshot.read(wasi("observer.wasm"), Map.of("ONLY", "this", "ALSO", "that"));

        assertEquals(Map.of("ALSO", "that", "ONLY", "this"), input.inheritedEnvironment());
        assertTrue(seen(snapshot.run(input).output()).contains("\nenv=ALSO=that;ONLY=this;\n"));
        assertNotEquals(input.digest(), snapshot.read(wasi("observer.wasm"), Map.of("ONLY", "this")).digest());
    }

    @Test
    void aWasiCallWithWasiOffFailsAndNamesTheOption() {
        var e = assertThrows(SnapshotException.class, () -> new WasmSnapshot(
                SnapshotOptions.builder().withInitFunction("take-entropy").build()).run(wasi("calls.wasm")));
        assertEquals("the init function `take-entropy` called the import `wasi_snapshot_preview1.random_get`,"
                + " which is not available during initialization: WASI is off; turn it on with"
                + " --allow-wasi/allowWasi", e.getMessage());
    }

    @Test
    void entropyIsSeeded() throws Exception {
        byte[] output = new WasmSnapshot(SnapshotOptions.builder().withInitFunction("take-entropy")
                .withWasi(WasiConfig.defaults())
                .build()).run(wasi("calls.wasm")).output();
        assertEquals(0xE220A8397B1DCDAFL, instantiateWithoutImports(output).export("entropy").apply()[0]);
    }

    @Test
    void procExitFailsWithTheStatus() {
        var e = assertThrows(SnapshotException.class, () -> new WasmSnapshot(
                SnapshotOptions.builder().withInitFunction("exit-3").withWasi(WasiConfig.defaults()).build())
                        .run(wasi("calls.wasm")));
        assertEquals("the init function `exit-3` called `wasi_snapshot_preview1.proc_exit` with status 3:"
                + " an initializer must return, not exit", e.getMessage());
    }

    @Test
    void aPreloadSatisfiesImportsAndStaysImported() throws Exception {
        Path helper = temp.resolve("helper.wasm");
        Files.write(helper, wasi("helper.wasm"));
        byte[] output = new WasmSnapshot(SnapshotOptions.builder().withInitFunction("use-helper")
                .withPreload(new Preload("helper", helper)).build()).run(wasi("calls.wasm")).output();
        WasmModule module = Parser.parse(output);
        assertTrue(module.importSection().stream().anyMatch(i -> i.module().equals("helper")));
        assertEquals(42, instantiateWithoutImports(output).export("doubled").apply()[0]);
    }

    @Test
    void aMissingPreloadExportIsNamed() throws Exception {
        Path empty = temp.resolve("empty.wasm");
        Files.write(empty, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        var e = assertThrows(SnapshotException.class, () -> new WasmSnapshot(SnapshotOptions.builder()
                .withInitFunction("use-helper").withPreload(new Preload("helper", empty)).build())
                        .run(wasi("calls.wasm")));
        assertEquals("the module imports `helper.twice`, but the preload `helper` has no function export `twice`",
                e.getMessage());
    }

    @Test
    void aPreloadExportOfAnotherTypeIsNamed() throws Exception {
        // Exports `twice` as [] -> [], where calls.wasm imports [I32] -> [I32].
        Path other = Files.write(temp.resolve("other.wasm"), HexFormat.of().parseHex(
                "0061736d01000000" + "010401600000" + "03020100" + "07090105747769636500" + "00" + "0a040102000b"));
        var e = assertThrows(SnapshotException.class, () -> new WasmSnapshot(SnapshotOptions.builder()
                .withInitFunction("use-helper").withPreload(new Preload("helper", other)).build())
                        .run(wasi("calls.wasm")));
        assertEquals("the module imports `helper.twice` as [I32] -> [I32], but the preload exports it as [] -> []",
                e.getMessage());
    }

    @Test
    void aMissingPreloadFileIsNamed() {
        Path missing = temp.resolve("missing.wasm");
        var e = assertThrows(SnapshotException.class, () -> new WasmSnapshot(SnapshotOptions.builder()
                .withInitFunction("use-helper").withPreload(new Preload("helper", missing)).build())
                .run(wasi("calls.wasm")));
        assertEquals("the preload `helper` (" + missing + "): no such file", e.getMessage());
    }

    @Test
    void aMissingMappedDirectoryFails() {
        Path missing = temp.resolve("missing");
        var e = assertThrows(SnapshotException.class, () -> new WasmSnapshot(SnapshotOptions.builder()
                .withWasi(WasiConfig.builder().withDirectory(new MappedDirectory("data", missing)).build()).build())
                        .run(wasi("observer.wasm")));
        assertEquals("cannot map the directory " + missing + " to data: no such directory " + missing, e.getMessage());
    }

    @Test
    void aMappedFileIsNotADirectory() throws Exception {
        Path file = Files.writeString(temp.resolve("file"), "x");
        var e = assertThrows(SnapshotException.class, () -> new WasmSnapshot(SnapshotOptions.builder()
                .withWasi(WasiConfig.builder().withDirectory(new MappedDirectory("data", file)).build()).build())
                        .run(wasi("observer.wasm")));
        assertEquals("cannot map the directory " + file + " to data: not a directory: " + file, e.getMessage());
    }

    private Path dataDirectory() throws IOException {
        Path data = Files.createDirectories(temp.resolve("data"));
        // Created out of order: the listing must be sorted all the same.
        for (String name : List.of("z.txt", "hello.txt", "a.txt", "M.txt")) {
            Files.writeString(data.resolve(name), name.equals("hello.txt") ? "hello, world\nsecond line\n" : name);
        }
        Files.createDirectories(data.resolve("sub"));
        Files.writeString(data.resolve("sub/2"), "2");
        Files.writeString(data.resolve("sub/1"), "1");
        return data;
    }

    private static SnapshotOptions.Builder observerOptions(Path data, int parallelism) {
        return SnapshotOptions.builder().withParallelism(parallelism).withWasi(WasiConfig.builder()
                .withEnvironmentVariable(new EnvironmentVariable("GREETING", "hello"))
                .withEnvironmentVariable(new EnvironmentVariable("EMPTY", ""))
                .withArgument("observer")
                .withArgument("--flag")
                .withDirectory(new MappedDirectory("data", data))
                .build());
    }

    private static final class Warnings implements SnapshotListener {
        final List<String> messages = new ArrayList<>();

        @Override
        public void warn(String message) {
            messages.add(message);
        }
    }
}
