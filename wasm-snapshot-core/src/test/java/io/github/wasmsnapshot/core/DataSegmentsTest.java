package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.call;
import static io.github.wasmsnapshot.testing.Fixtures.initializedAtRuntime;
import static io.github.wasmsnapshot.testing.Fixtures.instantiate;
import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.parse;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import io.github.wasmsnapshot.testing.Sections;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What becomes of the input's data segments, and where the snapshot's go. (README: "What pre-initialization does"). */
class DataSegmentsTest {
    private static byte[] input;
    private static byte[] output;

    @BeforeAll
    static void snapshotTheFixture() throws Exception {
        input = load("data");
        output = snapshot(input);
    }

    @Test
    void activeSegmentsBecomeEmptyPassiveOnesAndPassiveOnesAreKept() {
        DataSegment[] before = parse(input).dataSection().dataSegments();
        DataSegment[] after = parse(output).dataSection().dataSegments();

        assertInstanceOf(ActiveDataSegment.class, before[0]);
        assertInstanceOf(ActiveDataSegment.class, before[2]);
        for (int i : new int[] {0, 2}) {
            assertInstanceOf(PassiveDataSegment.class, after[i], "segment " + i);
            assertEquals(0, after[i].data().length, "segment " + i);
        }
        for (int i : new int[] {1, 3}) {
            assertInstanceOf(PassiveDataSegment.class, before[i], "segment " + i);
            assertInstanceOf(PassiveDataSegment.class, after[i], "segment " + i);
            assertArrayEquals(before[i].data(), after[i].data(), "segment " + i);
        }
    }

    @Test
    void theSnapshotSegmentsAreAppendedAsActiveSegmentsAndTheDataCountFollows() {
        DataSegment[] after = parse(output).dataSection().dataSegments();

        assertEquals(7, after.length);
        assertSegment(after[4], 0, "HELLO".getBytes(StandardCharsets.US_ASCII));
        assertSegment(after[5], 100, "cfg".getBytes(StandardCharsets.US_ASCII));
        assertSegment(after[6], 200, new byte[] {1, 2, 3, 4});
        assertEquals(4, parse(input).dataCountSection().orElseThrow().dataCount());
        assertEquals(7, parse(output).dataCountSection().orElseThrow().dataCount());
    }

    private static void assertSegment(DataSegment segment, long offset, byte[] data) {
        var active = assertInstanceOf(ActiveDataSegment.class, segment);
        assertEquals(0, active.index());
        assertEquals(offset, active.offsetInstructions().get(0).operand(0));
        assertArrayEquals(data, active.data());
    }

    @Test
    void dataIndicesStayValidAfterTheSnapshot() {
        Instance original = initializedAtRuntime(input, "wizer-initialize");
        Instance initialized = instantiate(output);

        int late = 'l' | 'a' << 8 | 't' << 16 | 'e' << 24;
        for (Instance instance : new Instance[] {original, initialized}) {
            assertEquals(late, (int) call(instance, "copy_late", 300));
            assertEquals('L' | 'L' << 8 | 'O' << 16, (int) call(instance, "load", 2));
        }
        // A converted active segment is empty, as the spec's dropped active segment is after
        // instantiation. (Chicory 1.7.5 does not drop active segments, so the original cannot show it.)
        initialized.export("init_greeting").apply(0);
        assertThrows(ChicoryException.class, () -> initialized.export("init_greeting").apply(1));
    }

    @Test
    void aDataSectionMadeFromNothingGoesBeforeTheNameSection() throws Exception {
        byte[] primes = load("primes");
        assertFalse(Sections.of(primes).has(Sections.DATA));

        assertEquals(List.of("type", "function", "memory", "global", "export", "code", "data", "custom:name"),
                Sections.of(snapshot(primes)).labels());
        byte[] withProducers = Sections.withCustomSection(primes, 7, "producers", new byte[] {0});
        assertEquals(List.of("type", "function", "memory", "global", "export", "code", "data", "custom:name",
                "custom:producers"), Sections.of(snapshot(withProducers)).labels());
    }
}
