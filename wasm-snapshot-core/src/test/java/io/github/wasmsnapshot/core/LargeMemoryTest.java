package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.options;
import static io.github.wasmsnapshot.testing.Fixtures.parse;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.OpCode;
import io.github.wasmsnapshot.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Memories up to the 4 GiB wasm allows (Chicory's own stop below 2 GiB), and Chicory's limit that
 * remains: code cannot access memory at or above 2 GiB. The outputs are wizer's (WizerParityTest).
 */
class LargeMemoryTest {
    private static final String LIMIT = "memory access beyond Chicory's 2 GiB addressing limit: ";

    /** The output with Chicory, its memories ours: Chicory's own cannot hold these. */
    private static Instance instantiate(byte[] module) {
        return Instance.builder(parse(module)).withMemoryFactory(PagedMemory::new).withStart(false).build();
    }

    private static long call(Instance instance, String export, long... args) {
        return instance.export(export).apply(args)[0];
    }

    @Test
    void a2GiBMemoryInstantiatesAndSnapshots() throws Exception {
        byte[] output = snapshot(load("memory-2gib"));

        Instance initialized = instantiate(output);
        assertEquals(32_768, call(initialized, "size"));
        assertEquals(0x01020304, call(initialized, "load", 16));
        assertEquals(0x0A0B0C0D, call(initialized, "load", 0x7FFF_FFFC));
        byte[] segment = initialized.memory().readBytes(0x7FFF_FFF0, 11);
        assertEquals("the end is ", new String(segment, StandardCharsets.US_ASCII));
    }

    @Test
    void anInitThatGrowsTo4GiBGetsItsPages() throws Exception {
        byte[] output = snapshot(load("grow-4gib"));

        Instance initialized = instantiate(output);
        assertEquals(1, call(initialized, "grown"), "memory.grow returned the previous size");
        assertEquals(65_536, call(initialized, "size"));
        assertEquals(0x0102030405060708L, call(initialized, "load64", 0x7FFF_FFF8));
        assertEquals(call(initialized, "load", 8), call(initialized, "load", 0x7FFF_0000));
    }

    /** The segment is applied at its unsigned offset and snapshotted there, out of Chicory's reach. */
    @Test
    void dataAbove2GiBIsKept() throws Exception {
        byte[] output = snapshot(load("data-above-2gib"));

        var segments = parse(output).dataSection().dataSegments();
        var top = (ActiveDataSegment) segments[segments.length - 1];
        assertEquals("at the very top", new String(top.data(), StandardCharsets.US_ASCII));
        var offset = top.offsetInstructions().get(0);
        assertEquals(OpCode.I32_CONST, offset.opcode());
        assertEquals(0xFFFF_FFF0L, Integer.toUnsignedLong((int) offset.operand(0)));
        assertEquals(42, call(instantiate(output), "load", 0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // Chicory's interpreter traps on the address operand itself: the memory never sees the address (compiled
        // code passes it on, so the message would name it: the engine is pinned for one message per row)
        "store-at-2gib             | an address at or above 2 GiB",
        "store-past-2gib-by-offset | address 2147483656 (4 bytes)",
        "store-across-2gib         | address 2147483646 (4 bytes)"})
    void anAccessAt2GiBOrAboveNamesChicorysLimit(String init, String access) {
        var e = assertThrows(SnapshotException.class, () -> snapshot(load("grow-4gib"), options().withInitFunction(init)
                .withEngine(Engine.INTERPRETER).build()));
        assertEquals("the init function `" + init + "` trapped: " + LIMIT + access + " in a memory of 65536 pages"
                + " (4294967296 bytes); Chicory addresses memory with Java ints, so it cannot reach the memory at or"
                + " above 2 GiB (2147483648)", e.getMessage());
    }

    @Test
    void anAccessPastTheEndIsAnOrdinaryTrap() {
        var e = assertThrows(SnapshotException.class, () -> snapshot(load("grow-4gib"),
                options().withInitFunction("store-past-the-end").build()));
        assertEquals("the init function `store-past-the-end` trapped: out of bounds memory access: attempted to"
                + " access address: 2147483656 but limit is: 2147483648 and size: 4", e.getMessage());
    }

    @Test
    void memory64IsRefusedBeforeAnythingRuns() {
        var e = assertThrows(SnapshotException.class, () -> snapshot(load("memory64")));
        assertEquals("defined memory 0 is a 64-bit memory (memory64: limits flags 0x04 at byte offset 21), which is"
                + " not supported: Chicory runs 32-bit memories only", e.getMessage());
        assertEquals(0x04, load("memory64")[21]);
    }

    /** Heap in proportion to the pages written: a 4 GiB memory with two pages written, in a 64 MiB heap. */
    @Test
    void a4GiBMemorySnapshotsInASmallHeap(@TempDir Path dir) throws Exception {
        Path input = Files.write(dir.resolve("in.wasm"), load("grow-4gib"));
        Path output = dir.resolve("out.wasm");
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                input.toString(), "-o", output.toString()))
                .redirectErrorStream(true)
                .start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);

        assertEquals(0, process.exitValue(), log);
        assertArrayEquals(load("wizer/grow-4gib"), Files.readAllBytes(output));
    }
}
