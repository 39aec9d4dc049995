package io.github.wasmsnapshot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Merging close runs and capping the number of segments. (README: "What pre-initialization does"). */
class DataRangesTest {

    private static DataRanges ranges(long... memoryStartEnd) {
        DataRanges ranges = new DataRanges();
        for (int i = 0; i < memoryStartEnd.length; i += 3) {
            ranges.add((int) memoryStartEnd[i], memoryStartEnd[i + 1], memoryStartEnd[i + 2]);
        }
        return ranges;
    }

    static List<String> list(DataRanges ranges) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            list.add(ranges.memory(i) + ":" + ranges.start(i) + "-" + ranges.end(i));
        }
        return list;
    }

    @Test
    void gapsOfFourOrLessAreMergedAndGapsOfFiveAreNot() {
        DataRanges runs = ranges(
                0, 0, 2,
                0, 6, 7, // gap 4
                0, 12, 13, // gap 5
                0, 13, 20, // gap 0: a run split at a page boundary
                0, 21, 22); // gap 1

        assertEquals(List.of("0:0-7", "0:12-22"), list(runs.mergeGapsUpTo(Snapshotter.MIN_ACTIVE_SEGMENT_OVERHEAD)));
    }

    @Test
    void runsInDifferentMemoriesAreNeverMerged() {
        DataRanges runs = ranges(0, 65530, 65536, 1, 0, 4, 1, 5, 6);

        assertEquals(List.of("0:65530-65536", "1:0-6"), list(runs.mergeGapsUpTo(4)));
        assertEquals(List.of("0:65530-65536", "1:0-6"), list(runs.capAt(1)));
    }

    @Test
    void belowTheCapNothingChanges() {
        DataRanges runs = ranges(0, 0, 1, 0, 100, 101, 0, 200, 201);

        assertEquals(list(runs), list(runs.capAt(4)));
    }

    @Test
    void atTheCapTheSmallestGapsAreMergedFirst() {
        DataRanges runs = ranges(
                0, 0, 1,
                0, 11, 12, // gap 10
                0, 17, 18, // gap 5
                0, 38, 39, // gap 20
                0, 45, 46); // gap 6

        assertEquals(List.of("0:0-1", "0:11-18", "0:38-46"), list(runs.capAt(3)));
        assertEquals(List.of("0:0-18", "0:38-46"), list(runs.capAt(2)));
        assertEquals(List.of("0:0-46"), list(runs.capAt(1)));
    }

    @Test
    void equalGapsAreMergedEarliestFirst() {
        DataRanges runs = ranges(
                0, 0, 1,
                0, 8, 9, // gap 7
                0, 16, 17, // gap 7
                0, 30, 31, // gap 13
                0, 38, 39); // gap 7

        assertEquals(List.of("0:0-9", "0:16-17", "0:30-31", "0:38-39"), list(runs.capAt(4)));
        assertEquals(List.of("0:0-17", "0:30-31", "0:38-39"), list(runs.capAt(3)));
        assertEquals(List.of("0:0-17", "0:30-39"), list(runs.capAt(2)));
    }

    @Test
    void tenThousandAndOneRunsBecomeTenThousand() {
        DataRanges runs = new DataRanges();
        for (int i = 0; i <= 10_000; i++) {
            // gaps of 9, but one of 8 between runs 5000 and 5001
            long start = 10L * i - (i > 5000 ? 1 : 0);
            runs.add(0, start, start + 1);
        }
        DataRanges capped = runs.capAt(Integer.parseInt(Defaults.MAX_DATA_SEGMENTS));

        assertEquals(10_000, capped.size());
        assertEquals("0:50000-50010", list(capped).get(5000));
    }
}
