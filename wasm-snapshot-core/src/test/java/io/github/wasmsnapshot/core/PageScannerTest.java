package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.core.DataRangesTest.list;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Runs of non-zero bytes in a page, found a word at a time, must be exactly the byte-by-byte ones. (README:
 * "What pre-initialization does").
 */
class PageScannerTest {
    private static final int PAGE = Snapshotter.PAGE_SIZE;

    private static List<String> scan(byte[] page, int memory, long base) {
        DataRanges runs = new DataRanges();
        PageScanner.scan(page, page.length, memory, base, runs);
        return list(runs);
    }

    /** The obvious way, for reference. */
    static List<String> naive(byte[] page, int memory, long base) {
        List<String> runs = new ArrayList<>();
        int i = 0;
        while (i < page.length) {
            if (page[i] == 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < page.length && page[i] != 0) {
                i++;
            }
            runs.add(memory + ":" + (base + start) + "-" + (base + i));
        }
        return runs;
    }

    @Test
    void anEmptyPageHasNoRuns() {
        assertEquals(List.of(), scan(new byte[PAGE], 0, 0));
    }

    @Test
    void aFullPageIsOneRun() {
        byte[] page = new byte[PAGE];
        java.util.Arrays.fill(page, (byte) 0x80);
        assertEquals(List.of("2:131072-196608"), scan(page, 2, 2L * PAGE));
    }

    @Test
    void runsTouchingThePageEdges() {
        byte[] page = new byte[PAGE];
        page[0] = 1;
        page[PAGE - 1] = 1;
        page[PAGE - 2] = 1;
        assertEquals(List.of("0:65536-65537", "0:131070-131072"), scan(page, 0, PAGE));
    }

    /** Every start and length around the 8-byte words, with the edge cases of the zero-byte trick (0x80, 0x01). */
    @Test
    void runsStartingAndEndingAtEveryPositionOfAWord() {
        for (int start = 0; start < 24; start++) {
            for (int length = 1; length <= 20; length++) {
                for (byte value : new byte[] {1, (byte) 0x80, (byte) 0xFF, 0x7F}) {
                    byte[] page = new byte[PAGE];
                    for (int i = start; i < start + length; i++) {
                        page[i] = value;
                    }
                    page[PAGE - 1 - start] = value;
                    assertEquals(naive(page, 0, 0), scan(page, 0, 0), "start " + start + " length " + length);
                }
            }
        }
    }

    @Test
    void randomPagesOfEveryDensity() {
        Random random = new Random(20261124);
        for (int round = 0; round < 200; round++) {
            byte[] page = new byte[PAGE];
            double density = round / 200.0;
            for (int i = 0; i < PAGE; i++) {
                if (random.nextDouble() < density) {
                    page[i] = (byte) (1 + random.nextInt(255));
                }
            }
            assertEquals(naive(page, 1, 7L * PAGE), scan(page, 1, 7L * PAGE), "round " + round);
        }
    }
}
