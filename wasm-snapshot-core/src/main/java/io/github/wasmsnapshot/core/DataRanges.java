package io.github.wasmsnapshot.core;

import java.util.Arrays;
import java.util.List;

/**
 * A growable list of byte ranges {@code [start, end)} of memories, packed into primitive arrays
 * because a sparse gigabyte memory has millions of them. Kept sorted by (memory, start) by
 * whoever appends.
 */
final class DataRanges {
    private int[] memories;
    private long[] starts;
    private long[] ends;
    private int size;

    DataRanges() {
        this(16);
    }

    DataRanges(int capacity) {
        memories = new int[Math.max(capacity, 4)];
        starts = new long[memories.length];
        ends = new long[memories.length];
    }

    int size() {
        return size;
    }

    int memory(int i) {
        return memories[i];
    }

    long start(int i) {
        return starts[i];
    }

    long end(int i) {
        return ends[i];
    }

    void add(int memory, long start, long end) {
        if (size == memories.length) {
            int capacity = size * 2;
            memories = Arrays.copyOf(memories, capacity);
            starts = Arrays.copyOf(starts, capacity);
            ends = Arrays.copyOf(ends, capacity);
        }
        memories[size] = memory;
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    static DataRanges concat(List<DataRanges> parts) {
        DataRanges all = new DataRanges(parts.stream().mapToInt(DataRanges::size).sum());
        for (DataRanges part : parts) {
            System.arraycopy(part.memories, 0, all.memories, all.size, part.size);
            System.arraycopy(part.starts, 0, all.starts, all.size, part.size);
            System.arraycopy(part.ends, 0, all.ends, all.size, part.size);
            all.size += part.size;
        }
        return all;
    }

    /**
     * Merges neighbours in the same memory whose gap is at most {@code maxGap} bytes: contiguous
     * runs split at a page boundary, and runs so close that one segment costs less than two.
     */
    DataRanges mergeGapsUpTo(long maxGap) {
        DataRanges merged = new DataRanges(size);
        for (int i = 0; i < size; i++) {
            int last = merged.size - 1;
            if (last >= 0 && merged.memories[last] == memories[i] && starts[i] - merged.ends[last] <= maxGap) {
                merged.ends[last] = ends[i];
            } else {
                merged.add(memories[i], starts[i], ends[i]);
            }
        }
        return merged;
    }

    /**
     * Engines limit the number of data segments, so when there are {@code cap} or more, merges
     * the neighbours with the smallest gaps (ties: the earlier pair first) until {@code cap}
     * remain, as wizer does. Gaps across memories are never merged, nor gaps of 2 GiB or more:
     * the segment would not fit in the output, one Java array (and the candidates pack into longs).
     */
    DataRanges capAt(int cap) {
        if (size < cap) {
            return this;
        }
        int excess = size - cap;
        // Each candidate packs (gap << 32 | index of the pair's first range), so sorting the
        // longs orders by gap and then by position: deterministic, whatever the sort's stability.
        long[] candidates = new long[Math.max(size - 1, 0)];
        int count = 0;
        for (int i = 0; i + 1 < size; i++) {
            long gap = starts[i + 1] - ends[i];
            if (memories[i] == memories[i + 1] && gap < (1L << 31)) {
                candidates[count++] = gap << 32 | i;
            }
        }
        Arrays.sort(candidates, 0, count);
        boolean[] mergeWithNext = new boolean[size];
        for (int c = 0; c < Math.min(excess, count); c++) {
            mergeWithNext[(int) candidates[c]] = true;
        }
        DataRanges capped = new DataRanges(cap);
        for (int i = 0; i < size; i++) {
            if (i > 0 && mergeWithNext[i - 1]) {
                capped.ends[capped.size - 1] = ends[i];
            } else {
                capped.add(memories[i], starts[i], ends[i]);
            }
        }
        return capped;
    }
}
