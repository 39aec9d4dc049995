package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.initializedAtRuntime;
import static io.github.wasmsnapshot.testing.Fixtures.instantiate;
import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.outcome;
import static io.github.wasmsnapshot.testing.Fixtures.parse;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.dylibso.chicory.wasm.types.ActiveElement;
import com.dylibso.chicory.wasm.types.DeclarativeElement;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import com.dylibso.chicory.wasm.types.PassiveElement;
import io.github.wasmsnapshot.testing.Sections;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Segments dropped during initialization ({@code data.drop}, {@code elem.drop}) stay dropped. */
class DroppedSegmentsTest {
    private static byte[] input;
    private static byte[] output;

    @BeforeAll
    static void snapshotTheFixture() throws Exception {
        input = load("dropped-segments");
        output = snapshot(input);
    }

    /**
     * A dropped segment has length 0: copying nothing from offset 0 succeeds (even at the end of
     * the memory or table), anything else traps. Each line on a fresh instance of both.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "load 16 | 100",
        "load 22 | 100",
        "load 23 | 0",
        "memory_init_once 65536 0 0 | ok",
        "memory_init_once 0 0 1 | trap: out of bounds memory access:"
            + " attempted to access address: 0 but limit is: 0 and size: 1",
        "memory_init_once 0 1 0 | trap: out of bounds memory access:"
            + " attempted to access address: 1 but limit is: 0 and size: 0",
        "memory_init_kept 100 1 3; load 102 | 116",
        "table_init_unneeded 2 0 0 | ok",
        "table_init_unneeded 0 0 1 | trap: out of bounds table access",
        "table_init_unneeded 0 1 0 | trap: out of bounds table access",
        "table_init_kept 0 0 1; call 0 | 8",
        "call 0 | 7"})
    void answersAsTheOriginalDoesAfterInitialization(String calls, String expected) {
        assertEquals(expected, outcome(initializedAtRuntime(input, "wizer-initialize"), calls), "original");
        assertEquals(expected, outcome(instantiate(output), calls), "output");
    }

    @Test
    void aDroppedDataSegmentIsEmptyAndTheOthersKeepTheirPlaces() {
        var after = parse(output).dataSection().dataSegments();

        assertEquals(0, assertInstanceOf(PassiveDataSegment.class, after[1]).data().length);
        assertArrayEquals("kept".getBytes(StandardCharsets.US_ASCII),
                assertInstanceOf(PassiveDataSegment.class, after[2]).data());
    }

    /** Declarative: dropped at instantiation, and its functions stay declared for ref.func. */
    @Test
    void aDroppedElementSegmentBecomesDeclarativeWithItsItemsAndNothingElseChanges() {
        var before = parse(input).elementSection().elements();
        var after = parse(output).elementSection().elements();

        assertEquals(before.length, after.length);
        assertInstanceOf(ActiveElement.class, after[0]);
        assertEquals(before[1].initializers(), assertInstanceOf(DeclarativeElement.class, after[1]).initializers());
        assertInstanceOf(PassiveElement.class, after[2]);
        assertArrayEquals(Sections.of(input).get(Sections.TABLE).bytes(),
                Sections.of(output).get(Sections.TABLE).bytes(), "no table changed");
    }
}
