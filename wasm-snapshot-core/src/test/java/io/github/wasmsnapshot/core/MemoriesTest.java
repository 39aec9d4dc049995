package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.call;
import static io.github.wasmsnapshot.testing.Fixtures.initializedAtRuntime;
import static io.github.wasmsnapshot.testing.Fixtures.instantiate;
import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.parse;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import io.github.wasmsnapshot.testing.Sections;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each memory's minimum becomes its size after initialization; several memories work. (README: "What pre-initialization
 * does").
 */
class MemoriesTest {
    private static byte[] input;
    private static byte[] output;

    @BeforeAll
    static void snapshotTheFixture() throws Exception {
        input = load("memories");
        output = snapshot(input);
    }

    @Test
    void everyMemoryHoldsItsInitializedBytes() {
        Instance original = initializedAtRuntime(input, "wizer-initialize");
        Instance initialized = instantiate(output);

        assertEquals(3_17_02, call(original, "sizes"));
        assertEquals(call(original, "sizes"), call(initialized, "sizes"));
        for (int m = 0; m < 3; m++) {
            int length = original.memory(m).pages() * 65536;
            assertArrayEquals(original.memory(m).readBytes(0, length), initialized.memory(m).readBytes(0, length),
                    "memory " + m);
        }
        assertEquals(0x11, call(initialized, "load_a", 65534));
        assertEquals(0x44, call(initialized, "load_a", 65537));
        assertEquals(0xFF, call(initialized, "load_a", 196607));
        assertEquals(0x08, call(initialized, "load_b", 1048579));
    }

    @Test
    void minimumsBecomeThePageCountsAndMaximumsAndFlagsAreKept() {
        assertEquals("03 01 01 0a 00 00 01 02 02", hex(Sections.of(input).get(Sections.MEMORY).payload()));
        // a: 3 pages, still at most 10; b: 17 pages, still no maximum; c: untouched
        assertEquals("03 01 03 0a 00 11 01 02 02", hex(Sections.of(output).get(Sections.MEMORY).payload()));
    }

    /** Each run of non-zero bytes is one segment, in the memory it belongs to, across page boundaries. */
    @Test
    void theSnapshotSegmentsAreTheRunsOfEachMemory() {
        List<String> segments = new ArrayList<>();
        for (var segment : parse(output).dataSection().dataSegments()) {
            var active = (ActiveDataSegment) segment;
            segments.add(active.index() + "@" + active.offsetInstructions().get(0).operand(0) + ": "
                    + hex(active.data()));
        }
        assertEquals(List.of(
                "0@65534: 11 22 33 44",
                "0@196607: ff",
                "1@8: 5a",
                "1@1048572: 01 02 03 04 05 06 07 08"), segments);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
