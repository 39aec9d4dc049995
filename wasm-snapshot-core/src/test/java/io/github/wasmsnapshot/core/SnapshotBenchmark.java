package io.github.wasmsnapshot.core;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Measures the snapshot stage's memory scan: a 1 GiB memory with about 1% non-zero bytes in
 * short runs, scanned with 1 thread and with every processor. Run it with the command in the
 * README ({@code -Pbenchmark}); it is not a test because speed depends on the machine.
 */
public final class SnapshotBenchmark {
    private static final int PAGES = 16_384;
    private static final int RUN_EVERY = 500;
    private static final int RUN_LENGTH = 5;
    private static final int ROUNDS = 5;

    public static void main(String[] args) throws Exception {
        PagedMemory memory = new PagedMemory(new MemoryLimits(PAGES, PAGES));
        long bytes = (long) PAGES * Memory.PAGE_SIZE;
        byte[] run = {1, 2, 3, 4, 5};
        for (long address = 0; address + RUN_EVERY <= bytes; address += RUN_EVERY) {
            memory.write((int) address, run, 0, RUN_LENGTH);
        }
        System.out.printf("memory: %d MiB, %.2f%% non-zero in runs of %d bytes%n",
                bytes >> 20, 100.0 * RUN_LENGTH / RUN_EVERY, RUN_LENGTH);
        int processors = Runtime.getRuntime().availableProcessors();
        for (int threads : processors == 1 ? List.of(1) : List.of(1, processors)) {
            measure(memory, bytes, threads);
        }
        System.out.printf("peak heap: %d MiB (the memory itself is %d MiB)%n", peakHeap() >> 20, bytes >> 20);
    }

    private static void measure(PagedMemory memory, long bytes, int threads) throws SnapshotException {
        double best = Double.MAX_VALUE;
        int runs = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            runs = Snapshotter.scan(List.of(memory), threads).size();
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        DataRanges capped = Snapshotter.scan(List.of(memory), threads)
                .mergeGapsUpTo(Snapshotter.MIN_ACTIVE_SEGMENT_OVERHEAD)
                .capAt(Integer.parseInt(Defaults.MAX_DATA_SEGMENTS));
        System.out.printf("%d thread%s: scan %.3f s = %.2f GB/s (%.2f GB/s per thread), %,d runs -> %,d segments%n",
                threads, threads == 1 ? " " : "s", best, bytes / best / 1e9, bytes / best / 1e9 / threads, runs,
                capped.size());
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getPeakUsage)
                .mapToLong(usage -> usage.getUsed())
                .sum();
    }
}
