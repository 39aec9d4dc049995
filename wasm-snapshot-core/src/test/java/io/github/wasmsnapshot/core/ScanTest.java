package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.core.DataRangesTest.list;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Scanning whole memories, split into pages and parallel tasks, then merging. (README: "What pre-initialization does").
 */
class ScanTest {
    private static final int PAGE = Snapshotter.PAGE_SIZE;

    private static PagedMemory memory(int pages) {
        return new PagedMemory(new MemoryLimits(pages, pages));
    }

    @Test
    void aRunAcrossAPageBoundaryIsSplitByTheScanAndJoinedByTheMerge() throws Exception {
        PagedMemory memory = memory(40);
        memory.write(PAGE - 3, new byte[] {1, 2, 3, 4, 5, 6});
        // pages 15 and 16 are scanned by different tasks
        memory.write(16 * PAGE - 1, new byte[] {7, 8});
        memory.write(40 * PAGE - 1, new byte[] {9});

        DataRanges runs = Snapshotter.scan(List.of(memory), 4);

        assertEquals(List.of("0:65533-65536", "0:65536-65539", "0:1048575-1048576", "0:1048576-1048577",
                "0:2621439-2621440"), list(runs));
        assertEquals(List.of("0:65533-65539", "0:1048575-1048577", "0:2621439-2621440"),
                list(runs.mergeGapsUpTo(Snapshotter.MIN_ACTIVE_SEGMENT_OVERHEAD)));
    }

    @Test
    void memoriesAreScannedInOrder() throws Exception {
        PagedMemory first = memory(1);
        PagedMemory empty = memory(0);
        PagedMemory third = memory(20);
        first.write(10, new byte[] {1});
        third.write(0, new byte[] {1});
        third.write(19 * PAGE, new byte[] {1});

        assertEquals(List.of("0:10-11", "2:0-1", "2:1245184-1245185"),
                list(Snapshotter.scan(List.of(first, empty, third), 3)));
    }

    @Test
    void theRunsDoNotDependOnTheNumberOfThreads() throws Exception {
        Random random = new Random(7);
        PagedMemory a = memory(70);
        PagedMemory b = memory(33);
        for (int i = 0; i < 5000; i++) {
            a.writeByte(random.nextInt(70 * PAGE), (byte) (1 + random.nextInt(255)));
            b.writeByte(random.nextInt(33 * PAGE), (byte) (1 + random.nextInt(255)));
        }
        List<String> sequential = list(Snapshotter.scan(List.of(a, b), 1));
        List<String> pageByPage = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            PagedMemory memory = List.of(a, b).get(m);
            for (int page = 0; page < memory.pages(); page++) {
                pageByPage.addAll(PageScannerTest.naive(memory.readBytes(page * PAGE, PAGE), m, (long) page * PAGE));
            }
        }
        assertEquals(pageByPage, sequential);
        for (int threads : new int[] {2, 3, 7, 16}) {
            assertEquals(sequential, list(Snapshotter.scan(List.of(a, b), threads)), threads + " threads");
        }
    }
}
