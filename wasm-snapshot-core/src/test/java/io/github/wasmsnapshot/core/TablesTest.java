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
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.PassiveElement;
import io.github.wasmsnapshot.testing.Sections;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tables that the initializer changes come out as it left them; tables it does not change, as they were. */
class TablesTest {
    private static byte[] input;
    private static byte[] output;

    @BeforeAll
    static void snapshotTheFixture() throws Exception {
        input = load("tables");
        output = snapshot(input);
    }

    /** Each line on a fresh instance of both: the original after its init function, and the output. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "size | 10",
        "hosts_size | 4",
        "call 0 | 1",
        "call 1 | trap: uninitialized element 1",
        "call 2 | 5",
        "call 3 | 4",
        "call 4 | 3",
        "call 5 | 1",
        "call 7 | trap: uninitialized element 7",
        "call 8 | 4",
        "call 9 | 5",
        "call 10 | trap: undefined element",
        "is_null 1 | 1",
        "is_null 6 | 1",
        "is_null 9 | 0",
        "call_fixed 0 | 5",
        "call_fixed 1 | 4",
        // the passive segment the init used stays whole; the one it dropped, and an active one, are dropped
        "init_spare 1 0 3; call 3 | 5",
        "init_once 10 0 0 | ok",
        "init_once 0 0 1 | trap: out of bounds table access",
        "init_once 0 1 0 | trap: out of bounds table access",
        "init_boot 0 0 0 | ok",
        "init_boot 0 0 1 | trap: out of bounds table access",
        "drop_spare; init_spare 0 0 1 | trap: out of bounds table access",
        // the maximum is kept
        "grow 6; size | 16",
        "grow 7 | -1"})
    void answersAsTheOriginalDoesAfterInitialization(String calls, String expected) {
        assertEquals(expected, outcome(initializedAtRuntime(input, "wizer-initialize"), calls), "original");
        assertEquals(expected, outcome(instantiate(output), calls), "output");
    }

    @Test
    void aChangedTableGetsItsSizeAsMinimumAndKeepsItsMaximum() {
        var tables = parse(output).tableSection();

        assertEquals(10, tables.getTable(0).limits().min());
        assertEquals(16, tables.getTable(0).limits().max());
        assertEquals(4, tables.getTable(2).limits().min());
    }

    @Test
    void segmentsKeepTheirIndicesAndWhatNoLongerAppliesIsDeclarative() {
        Element[] before = parse(input).elementSection().elements();
        Element[] after = parse(output).elementSection().elements();

        assertEquals(5 + 3, after.length, "the input's five, then one for each run of entries");
        assertInstanceOf(DeclarativeElement.class, after[0], "active on the changed table");
        assertEquals(before[0].initializers(), after[0].initializers());
        assertInstanceOf(ActiveElement.class, after[1], "active on the unchanged table");
        assertInstanceOf(PassiveElement.class, after[2], "passive, kept");
        assertInstanceOf(DeclarativeElement.class, after[3], "passive, dropped");
        assertInstanceOf(DeclarativeElement.class, after[4], "declarative");
        int[][] runs = {{0, 1}, {2, 4}, {8, 2}};
        for (int i = 0; i < runs.length; i++) {
            var segment = assertInstanceOf(ActiveElement.class, after[5 + i]);
            assertEquals(0, segment.tableIndex());
            assertEquals(runs[i][1], segment.elementCount(), "segment " + (5 + i));
        }
    }

    /** The init function of tables-untouched only writes memory and a global: wizer accepts it. */
    @Test
    void unchangedTablesAndSegmentsAreCopiedByteForByte() throws Exception {
        byte[] untouched = load("tables-untouched");
        Sections before = Sections.of(untouched);
        Sections after = Sections.of(snapshot(untouched));

        assertArrayEquals(before.get(Sections.TABLE).bytes(), after.get(Sections.TABLE).bytes());
        assertArrayEquals(before.get(Sections.ELEMENT).bytes(), after.get(Sections.ELEMENT).bytes());
    }
}
