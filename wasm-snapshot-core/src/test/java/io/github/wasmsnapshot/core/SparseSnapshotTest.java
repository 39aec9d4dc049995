package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.call;
import static io.github.wasmsnapshot.testing.Fixtures.initializedAtRuntime;
import static io.github.wasmsnapshot.testing.Fixtures.instantiate;
import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.options;
import static io.github.wasmsnapshot.testing.Fixtures.parse;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end: 120,000 isolated non-zero bytes must fit in the segment cap and still be all there. (README:
 * "What pre-initialization does").
 */
class SparseSnapshotTest {
    private static final int BYTES = 120_000;
    private static final int STRIDE = 8;

    private static byte[] input;
    private static long expectedChecksum;

    @BeforeAll
    static void runTheOriginal() {
        input = load("sparse");
        expectedChecksum = call(initializedAtRuntime(input, "wizer-initialize"), "checksum");
    }

    /** What the init function writes, computed without Wasm. */
    private static int expectedByte(int i) {
        return (int) (((long) i * 7919) % 251) + 1;
    }

    @Test
    void theDefaultCapOfTenThousandSegmentsHoldsEveryByte() throws Exception {
        byte[] output = snapshot(input);
        DataSegment[] segments = parse(output).dataSection().dataSegments();

        assertEquals(Integer.parseInt(Defaults.MAX_DATA_SEGMENTS), segments.length);
        // all gaps are 7, so the ties go to the earliest pairs: one long segment, then single bytes
        int merged = BYTES - Integer.parseInt(Defaults.MAX_DATA_SEGMENTS) + 1;
        assertSegment(segments[0], 0, (merged - 1) * STRIDE + 1);
        assertSegment(segments[1], (long) merged * STRIDE, 1);
        assertSegment(segments[segments.length - 1], (long) (BYTES - 1) * STRIDE, 1);

        Instance initialized = instantiate(output);
        assertEquals(expectedChecksum, call(initialized, "checksum"));
        for (int i : new int[] {0, 1, 2, 4999, merged - 1, merged, BYTES - 1}) {
            assertEquals(expectedByte(i), call(initialized, "load", (long) i * STRIDE), "byte " + i);
            assertEquals(0, call(initialized, "load", (long) i * STRIDE + 1), "after byte " + i);
        }
    }

    @Test
    void aSmallerCapIsHonouredToo() throws Exception {
        for (int cap : new int[] {1, 2, 100}) {
            byte[] output = snapshot(input, options().withMaxDataSegments(cap).build());

            assertEquals(cap, parse(output).dataSection().dataSegmentCount(), "cap " + cap);
            assertEquals(expectedChecksum, call(instantiate(output), "checksum"), "cap " + cap);
        }
    }

    private static void assertSegment(DataSegment segment, long offset, int length) {
        var active = (ActiveDataSegment) segment;
        assertEquals(offset, active.offsetInstructions().get(0).operand(0));
        assertEquals(length, active.data().length);
    }
}
