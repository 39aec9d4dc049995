package io.github.wasmsnapshot.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Finds the runs of non-zero bytes in one page of memory, a machine word or a vector at a time. */
final class PageScanner {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final byte[] ZEROS = new byte[Snapshotter.PAGE_SIZE];

    private PageScanner() {}

    /** Appends each run of non-zero bytes in {@code page[0, length)} to {@code runs}, offset by {@code base}. */
    static void scan(byte[] page, int length, int memory, long base, DataRanges runs) {
        int position = 0;
        while (position < length) {
            int start = firstNonZero(page, position, length);
            if (start < 0) {
                return;
            }
            int end = firstZero(page, start + 1, length);
            runs.add(memory, base + start, base + end);
            position = end;
        }
    }

    /** Arrays.mismatch against zeros is a vectorized intrinsic on HotSpot. */
    private static int firstNonZero(byte[] page, int from, int to) {
        int found = Arrays.mismatch(page, from, to, ZEROS, 0, to - from);
        return found < 0 ? -1 : from + found;
    }

    /**
     * Word at a time: {@code (w - 0x01..01) & ~w & 0x80..80} is non-zero exactly when {@code w}
     * has a zero byte, and its lowest set bit marks the first one (little-endian).
     */
    private static int firstZero(byte[] page, int from, int to) {
        int position = from;
        while (position + Long.BYTES <= to) {
            long word = (long) LONGS.get(page, position);
            long zeros = (word - ONES) & ~word & HIGHS;
            if (zeros != 0) {
                return position + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
            position += Long.BYTES;
        }
        while (position < to && page[position] != 0) {
            position++;
        }
        return position;
    }
}
