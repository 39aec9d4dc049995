package io.github.wasmsnapshot.core;

import static com.dylibso.chicory.runtime.ConstantEvaluators.computeConstantValue;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A linear memory of up to 65,536 pages (4 GiB), as wasm and wizer allow; Chicory's own memories stop at
 * 32,767. Each 64 KiB wasm page is an array of its own, made on the page's first write: until then its
 * slot holds one shared page of zeros, so untouched pages cost no heap, reads need no check, and growing
 * never copies. The wasm page is the chunk because growth comes in pages, the index is then a shift, and
 * the snapshot scans page by page; smaller chunks would save heap only on sparse writes, for an index of
 * a million slots.
 *
 * <p>Chicory hands memories addresses as Java ints, so an access that reaches 2 GiB or above arrives as
 * a negative address (or, from the interpreter, never arrives: see {@link #beyondAddressingLimit}). Such
 * an access traps here with a message naming that limit when it lies inside the memory, and with the
 * usual out-of-bounds message when it does not. Data segments are applied with their full unsigned
 * offsets, and the snapshot reads every page, so only the code's own accesses have the limit.
 *
 * <p>Atomics, wait and notify use one monitor per memory: the initializer runs on one thread, and one
 * monitor keeps every atomic operation atomic against every other, of any width.
 */
final class PagedMemory implements Memory {
    /** The highest address Chicory can pass to a memory, plus one. */
    static final long ADDRESSABLE_BYTES = 1L << 31;
    private static final int PAGE_SHIFT = 16;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    /** The contents of every page not yet written; never written itself. */
    private static final byte[] ZEROS = new byte[PAGE_SIZE];
    private static final VarHandle SHORTS = littleEndian(short[].class);
    private static final VarHandle INTS = littleEndian(int[].class);
    private static final VarHandle LONGS = littleEndian(long[].class);

    private final MemoryLimits limits;
    /** One slot per page up to the maximum: {@link #ZEROS} or the page's own array below the size, null above. */
    private final byte[][] pages;
    private volatile int pageCount;
    /** Guards page allocation, growth, atomics and the waiters. */
    private final Object monitor = new Object();
    private final Map<Integer, Waiters> waiters = new HashMap<>();
    private DataSegment[] dataSegments;

    /** Threads waiting on one address, and how many of them a notify has released. */
    private static final class Waiters {
        int waiting;
        int released;
    }

    @FunctionalInterface
    interface SliceConsumer {
        void accept(byte[] array, int offset, int length);
    }

    private static VarHandle littleEndian(Class<?> arrayType) {
        return MethodHandles.byteArrayViewVarHandle(arrayType, ByteOrder.LITTLE_ENDIAN);
    }

    PagedMemory(MemoryLimits limits) {
        this.limits = limits;
        this.pages = new byte[limits.maximumPages()][];
        Arrays.fill(pages, 0, limits.initialPages(), ZEROS);
        this.pageCount = limits.initialPages();
    }

    @Override
    public int pages() {
        return pageCount;
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        return limits.maximumPages();
    }

    @Override
    public boolean shared() {
        return limits.shared();
    }

    /** Never fails for want of heap: new pages are allocated when first written. */
    @Override
    public int grow(int delta) {
        synchronized (monitor) {
            int previous = pageCount;
            long wanted = previous + Integer.toUnsignedLong(delta);
            if (wanted > maximumPages()) {
                return -1;
            }
            Arrays.fill(pages, previous, (int) wanted, ZEROS);
            pageCount = (int) wanted;
            return previous;
        }
    }

    private long byteSize() {
        return (long) pageCount << PAGE_SHIFT;
    }

    // ---- snapshot: pages read in place

    /** Page {@code page}'s array, read in place, or null if it was never written (all zeros). */
    byte[] writtenPage(int page) {
        byte[] array = pages[page];
        return array == ZEROS ? null : array;
    }

    /**
     * Hands {@code [offset, offset + length)} to {@code consumer} page by page, in place: the arrays are the
     * memory's own (never-written pages share one of zeros), to be read, never written.
     */
    void slices(long offset, long length, SliceConsumer consumer) {
        for (long at = offset, end = offset + length; at < end; ) {
            int inPage = (int) (at & PAGE_MASK);
            int chunk = (int) Math.min(end - at, PAGE_SIZE - inPage);
            consumer.accept(pages[(int) (at >>> PAGE_SHIFT)], inPage, chunk);
            at += chunk;
        }
    }

    // ---- instantiation and segments

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        initialize(instance, dataSegments, 0);
    }

    /** Active segments go in at their unsigned offsets, above 2 GiB too. */
    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
        this.dataSegments = dataSegments;
        if (dataSegments == null) {
            return;
        }
        for (DataSegment segment : dataSegments) {
            if (segment instanceof ActiveDataSegment active && active.index() == memoryIndex) {
                long[] value = computeConstantValue(instance, active.offsetInstructions());
                long offset = Integer.toUnsignedLong((int) value[0]);
                byte[] data = active.data();
                if (offset + data.length > byteSize()) {
                    throw new UninstantiableException(outOfBoundsMessage(offset, data.length, byteSize()));
                }
                copyIn(offset, data, 0, data.length);
            }
        }
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        write(dest, dataSegments[segmentId].data(), offset, size);
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }

    // ---- single values: the hot path. A slot above the size is null and an address at or above
    // 2 GiB is negative, so the array access itself throws; `>>` keeps a negative page index negative.

    @Override
    public byte read(int addr) {
        try {
            return pages[addr >> PAGE_SHIFT][addr & PAGE_MASK];
        } catch (IndexOutOfBoundsException | NullPointerException e) {
            throw outOfBounds(addr, 1);
        }
    }

    @Override
    public void writeByte(int addr, byte data) {
        try {
            writable(addr >> PAGE_SHIFT)[addr & PAGE_MASK] = data;
        } catch (IndexOutOfBoundsException | NullPointerException e) {
            throw outOfBounds(addr, 1);
        }
    }

    @Override
    public short readShort(int addr) {
        int offset = addr & PAGE_MASK;
        if (offset > PAGE_SIZE - Short.BYTES) {
            return (short) readAcrossPages(addr, Short.BYTES);
        }
        try {
            return (short) SHORTS.get(pages[addr >> PAGE_SHIFT], offset);
        } catch (IndexOutOfBoundsException | NullPointerException e) {
            throw outOfBounds(addr, Short.BYTES);
        }
    }

    @Override
    public void writeShort(int addr, short data) {
        int offset = addr & PAGE_MASK;
        if (offset > PAGE_SIZE - Short.BYTES) {
            writeAcrossPages(addr, data, Short.BYTES);
            return;
        }
        try {
            SHORTS.set(writable(addr >> PAGE_SHIFT), offset, data);
        } catch (IndexOutOfBoundsException | NullPointerException e) {
            throw outOfBounds(addr, Short.BYTES);
        }
    }

    @Override
    public int readInt(int addr) {
        int offset = addr & PAGE_MASK;
        if (offset > PAGE_SIZE - Integer.BYTES) {
            return (int) readAcrossPages(addr, Integer.BYTES);
        }
        try {
            return (int) INTS.get(pages[addr >> PAGE_SHIFT], offset);
        } catch (IndexOutOfBoundsException | NullPointerException e) {
            throw outOfBounds(addr, Integer.BYTES);
        }
    }

    @Override
    public void writeI32(int addr, int data) {
        int offset = addr & PAGE_MASK;
        if (offset > PAGE_SIZE - Integer.BYTES) {
            writeAcrossPages(addr, data, Integer.BYTES);
            return;
        }
        try {
            INTS.set(writable(addr >> PAGE_SHIFT), offset, data);
        } catch (IndexOutOfBoundsException | NullPointerException e) {
            throw outOfBounds(addr, Integer.BYTES);
        }
    }

    @Override
    public long readLong(int addr) {
        int offset = addr & PAGE_MASK;
        if (offset > PAGE_SIZE - Long.BYTES) {
            return readAcrossPages(addr, Long.BYTES);
        }
        try {
            return (long) LONGS.get(pages[addr >> PAGE_SHIFT], offset);
        } catch (IndexOutOfBoundsException | NullPointerException e) {
            throw outOfBounds(addr, Long.BYTES);
        }
    }

    @Override
    public void writeLong(int addr, long data) {
        int offset = addr & PAGE_MASK;
        if (offset > PAGE_SIZE - Long.BYTES) {
            writeAcrossPages(addr, data, Long.BYTES);
            return;
        }
        try {
            LONGS.set(writable(addr >> PAGE_SHIFT), offset, data);
        } catch (IndexOutOfBoundsException | NullPointerException e) {
            throw outOfBounds(addr, Long.BYTES);
        }
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public float readFloat(int addr) {
        return Float.intBitsToFloat(readInt(addr));
    }

    @Override
    public void writeF32(int addr, float data) {
        writeI32(addr, Float.floatToRawIntBits(data));
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    @Override
    public double readDouble(int addr) {
        return Double.longBitsToDouble(readLong(addr));
    }

    @Override
    public void writeF64(int addr, double data) {
        writeLong(addr, Double.doubleToRawLongBits(data));
    }

    /** Little-endian, a byte at a time: the value straddles two pages. */
    private long readAcrossPages(int addr, int bytes) {
        checkAccess(addr, bytes);
        long value = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            value = value << 8 | (read(addr + i) & 0xFF);
        }
        return value;
    }

    private void writeAcrossPages(int addr, long value, int bytes) {
        checkAccess(addr, bytes);
        for (int i = 0; i < bytes; i++) {
            writeByte(addr + i, (byte) (value >>> (8 * i)));
        }
    }

    private byte[] writable(int page) {
        byte[] array = pages[page];
        return array != ZEROS ? array : allocate(page);
    }

    private byte[] allocate(int page) {
        synchronized (monitor) {
            if (pages[page] == ZEROS) {
                pages[page] = new byte[PAGE_SIZE];
            }
            return pages[page];
        }
    }

    // ---- ranges. A length is a wasm u32, so a negative int is a length of 2 GiB or more.

    @Override
    public void write(int addr, byte[] data, int offset, int size) {
        if (offset < 0 || size < 0 || (long) offset + size > data.length) {
            throw new WasmRuntimeException(outOfBoundsMessage(offset, size, data.length));
        }
        checkAccess(addr, size);
        copyIn(addr, data, offset, size);
    }

    private void copyIn(long address, byte[] data, int offset, int length) {
        for (int done = 0; done < length; ) {
            long at = address + done;
            int inPage = (int) (at & PAGE_MASK);
            int chunk = Math.min(length - done, PAGE_SIZE - inPage);
            System.arraycopy(data, offset + done, writable((int) (at >>> PAGE_SHIFT)), inPage, chunk);
            done += chunk;
        }
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        checkAccess(addr, Integer.toUnsignedLong(len));
        byte[] result = new byte[len];
        int[] position = {0};
        slices(addr, len, (array, offset, length) -> {
            System.arraycopy(array, offset, result, position[0], length);
            position[0] += length;
        });
        return result;
    }

    /** Filling a never-written page with zeros leaves it unallocated. */
    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        long length = Integer.toUnsignedLong(toIndex - fromIndex);
        checkAccess(fromIndex, length);
        for (long at = fromIndex, end = fromIndex + length; at < end; ) {
            int page = (int) (at >>> PAGE_SHIFT);
            int inPage = (int) (at & PAGE_MASK);
            int chunk = (int) Math.min(end - at, PAGE_SIZE - inPage);
            if (value != 0 || pages[page] != ZEROS) {
                Arrays.fill(writable(page), inPage, inPage + chunk, value);
            }
            at += chunk;
        }
    }

    /**
     * As memmove: when the destination overlaps the source from above, chunks go from the end.
     * Copying never-written zeros onto a never-written page leaves it unallocated.
     */
    @Override
    public void copy(int dest, int src, int size) {
        long length = Integer.toUnsignedLong(size);
        checkAccess(dest, length);
        checkAccess(src, length);
        boolean backward = dest > src && dest < src + length;
        for (long done = 0; done < length; ) {
            long remaining = length - done;
            long from;
            long to;
            int chunk;
            if (backward) {
                long fromEnd = src + remaining;
                long toEnd = dest + remaining;
                chunk = (int) Math.min(remaining, Math.min(bytesInPageBefore(fromEnd), bytesInPageBefore(toEnd)));
                from = fromEnd - chunk;
                to = toEnd - chunk;
            } else {
                from = src + done;
                to = dest + done;
                chunk = (int) Math.min(remaining, PAGE_SIZE - Math.max(from & PAGE_MASK, to & PAGE_MASK));
            }
            byte[] source = pages[(int) (from >>> PAGE_SHIFT)];
            int targetPage = (int) (to >>> PAGE_SHIFT);
            if (source != ZEROS || pages[targetPage] != ZEROS) {
                System.arraycopy(source, (int) (from & PAGE_MASK), writable(targetPage), (int) (to & PAGE_MASK),
                        chunk);
            }
            done += chunk;
        }
    }

    /** How many bytes of {@code end}'s page lie before it (a whole page when it is a page boundary). */
    private static long bytesInPageBefore(long end) {
        return ((end - 1) & PAGE_MASK) + 1;
    }

    /** Chicory zeroes each memory before applying data segments: every page goes back to unallocated. */
    @Override
    public void zero() {
        synchronized (monitor) {
            Arrays.fill(pages, 0, pageCount, ZEROS);
        }
    }

    // ---- bounds

    /** Traps unless {@code [addr, addr + length)} is in the memory and below 2 GiB. */
    private void checkAccess(int addr, long length) {
        if (addr < 0 || addr + length > Math.min(byteSize(), ADDRESSABLE_BYTES)) {
            throw outOfBounds(addr, length);
        }
    }

    /**
     * An access that failed: beyond the memory, the usual trap; inside it, the only reason left is that
     * it reaches 2 GiB, where Chicory's int addresses end (here the address arrives negative).
     */
    private WasmRuntimeException outOfBounds(int addr, long length) {
        long address = Integer.toUnsignedLong(addr);
        if (address + length <= byteSize()) {
            String access = "address " + address + " (" + length + " bytes)";
            return new WasmRuntimeException(beyondAddressingLimit(access, pageCount));
        }
        return new WasmRuntimeException(outOfBoundsMessage(address, length, byteSize()));
    }

    /** Chicory's wording, which the spec tests match on. */
    private static String outOfBoundsMessage(long address, long length, long limit) {
        return "out of bounds memory access: attempted to access address: " + address + " but limit is: "
                + limit + " and size: " + length;
    }

    /**
     * The one line for an access that wasm allows but Chicory cannot make. Chicory's interpreter
     * itself traps, with a bare "out of bounds memory access", on an i32 address operand of 2 GiB or
     * more before a memory sees it; {@link Initializer} words that trap with this too.
     */
    static String beyondAddressingLimit(String access, int pages) {
        return "memory access beyond Chicory's 2 GiB addressing limit: " + access + " in a memory of " + pages
                + " pages (" + ((long) pages << PAGE_SHIFT) + " bytes); Chicory addresses memory with Java ints,"
                + " so it cannot reach the memory at or above 2 GiB (2147483648)";
    }

    // ---- atomics, wait and notify

    /** Serves the interface's atomic operations, which run while holding it. */
    @Override
    @SuppressWarnings("removal")
    public Object lock(int address) {
        return monitor;
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, int expected, long timeout) {
        return await(address, Integer.BYTES, () -> readInt(address) == expected, timeout);
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, long expected, long timeout) {
        return await(address, Long.BYTES, () -> readLong(address) == expected, timeout);
    }

    /** 0: woken by a notify; 1: the value was not the expected one; 2: timed out (a negative timeout never does). */
    private int await(int address, int bytes, BooleanSupplier unchanged, long timeoutNanos) {
        checkAccess(address, bytes);
        if (!shared()) {
            throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
        }
        long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        synchronized (monitor) {
            if (!unchanged.getAsBoolean()) {
                return 1;
            }
            Waiters here = waiters.computeIfAbsent(address, a -> new Waiters());
            here.waiting++;
            try {
                while (here.released == 0) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return 2;
                    }
                    TimeUnit.NANOSECONDS.timedWait(monitor, remaining);
                }
                here.released--;
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChicoryInterruptedException("Thread interrupted");
            } finally {
                here.waiting--;
                here.released = Math.min(here.released, here.waiting);
                if (here.waiting == 0) {
                    waiters.remove(address);
                }
            }
        }
    }

    /** Wakes up to {@code count} (a u32) of the threads waiting on {@code address}; returns how many. */
    @Override
    @SuppressWarnings("removal")
    public int notify(int address, int count) {
        checkAccess(address, Integer.BYTES);
        synchronized (monitor) {
            Waiters here = waiters.get(address);
            if (here == null) {
                return 0;
            }
            int woken = (int) Math.min(here.waiting - here.released, Integer.toUnsignedLong(count));
            here.released += woken;
            monitor.notifyAll();
            return woken;
        }
    }
}
