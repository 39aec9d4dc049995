package io.github.wasmsnapshot.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PagedMemoryTest {
    private static final int PAGE = Memory.PAGE_SIZE;

    private static PagedMemory memory(int initial, int maximum) {
        return new PagedMemory(new MemoryLimits(initial, maximum));
    }

    /** Every value width, bulk operation and page crossing, against Chicory's ByteArrayMemory. */
    @Test
    void behavesAsChicorysByteArrayMemory() {
        Random random = new Random(11);
        MemoryLimits limits = new MemoryLimits(4, 4);
        PagedMemory ours = new PagedMemory(limits);
        ByteArrayMemory chicorys = new ByteArrayMemory(limits);
        int size = 4 * PAGE;
        for (int step = 0; step < 20_000; step++) {
            // addresses cluster around page boundaries, where the values straddle two pages
            int address = random.nextBoolean() ? random.nextInt(size) : (1 + random.nextInt(3)) * PAGE - 9
                    + random.nextInt(18);
            int length = random.nextInt(random.nextBoolean() ? 16 : 3 * PAGE);
            int source = random.nextInt(size);
            long value = random.nextLong();
            int op = random.nextInt(12);
            String what = "step " + step + ": op " + op + " at " + address + ", length " + length;
            assertEquals(apply(chicorys, op, address, source, length, value),
                    apply(ours, op, address, source, length, value), what);
        }
        assertArrayEquals(chicorys.readBytes(0, size), ours.readBytes(0, size));
    }

    /** The operation's result, or the trap's message up to the details (ByteArrayMemory words limits as ints). */
    private static Object apply(Memory memory, int op, int address, int source, int length, long value) {
        try {
            switch (op) {
                case 0:
                    memory.writeByte(address, (byte) value);
                    return null;
                case 1:
                    memory.writeShort(address, (short) value);
                    return null;
                case 2:
                    memory.writeI32(address, (int) value);
                    return null;
                case 3:
                    memory.writeLong(address, value);
                    return null;
                case 4:
                    memory.writeF64(address, Double.longBitsToDouble(value));
                    return null;
                case 5: return memory.read(address) + memory.readU16(address) + memory.readInt(address);
                case 6: return memory.readLong(address) ^ Double.doubleToRawLongBits(memory.readDouble(address))
                        ^ Float.floatToRawIntBits(memory.readFloat(address));
                case 7:
                    memory.fill((byte) value, address, address + length);
                    return null;
                case 8:
                    memory.copy(address, source, length);
                    return null;
                case 9:
                    byte[] data = new byte[length];
                    new Random(value).nextBytes(data);
                    memory.write(address, data);
                    return null;
                case 10: return Arrays.hashCode(memory.readBytes(address, length));
                default:
                    memory.writeF32(address, Float.intBitsToFloat((int) value));
                    return null;
            }
        } catch (WasmRuntimeException e) {
            return e.getMessage().substring(0, "out of bounds memory access".length());
        }
    }

    @Test
    void valuesStraddlingAPageBoundaryAreLittleEndian() {
        PagedMemory memory = memory(2, 2);
        memory.writeLong(PAGE - 3, 0x0807060504030201L);
        assertEquals(0x03, memory.read(PAGE - 1));
        assertEquals(0x04, memory.read(PAGE));
        assertEquals(0x05040302, memory.readInt(PAGE - 2));
        assertEquals((short) 0x0403, memory.readShort(PAGE - 1));
        assertEquals(0x0807060504030201L, memory.readLong(PAGE - 3));
        memory.writeF32(2 * PAGE - 4, 1.5f);
        assertEquals(1.5f, memory.readFloat(2 * PAGE - 4));
    }

    @Test
    void accessesAtTheExactEnd() {
        PagedMemory memory = memory(1, 3);
        memory.writeI32(PAGE - 4, 7);
        assertEquals(7, memory.readInt(PAGE - 4));
        assertEquals(0, memory.readBytes(PAGE, 0).length);
        memory.fill((byte) 1, PAGE, PAGE);
        memory.write(PAGE, new byte[0]);
        memory.copy(PAGE, 0, 0);

        WasmRuntimeException trap = assertThrows(WasmRuntimeException.class, () -> memory.readInt(PAGE - 3));
        assertEquals("out of bounds memory access: attempted to access address: 65533 but limit is: 65536"
                + " and size: 4", trap.getMessage());
        assertThrows(WasmRuntimeException.class, () -> memory.read(PAGE));
        assertThrows(WasmRuntimeException.class, () -> memory.writeByte(PAGE, (byte) 1));
        assertThrows(WasmRuntimeException.class, () -> memory.writeLong(PAGE - 7, 1));
        assertThrows(WasmRuntimeException.class, () -> memory.readBytes(PAGE - 1, 2));
        assertThrows(WasmRuntimeException.class, () -> memory.fill((byte) 0, PAGE - 1, PAGE + 1));
        assertThrows(WasmRuntimeException.class, () -> memory.copy(0, PAGE - 1, 2));
        assertThrows(WasmRuntimeException.class, () -> memory.copy(PAGE - 1, 0, 2));
        assertThrows(WasmRuntimeException.class, () -> memory.write(PAGE - 1, new byte[2]));
        // a length is a u32: -1 is 4 GiB - 1
        assertThrows(WasmRuntimeException.class, () -> memory.readBytes(0, -1));

        assertEquals(1, memory.grow(1));
        assertEquals(0, memory.read(PAGE), "a grown page reads as zeros");
        assertEquals(7, memory.readInt(PAGE - 4));
    }

    @Test
    void growStopsAtTheMaximum() {
        PagedMemory memory = memory(1, 3);
        assertEquals(1, memory.grow(0));
        assertEquals(1, memory.grow(2));
        assertEquals(-1, memory.grow(1));
        assertEquals(3, memory.pages());
        assertEquals(-1, memory.grow(-1), "a delta is a u32");
        assertEquals(3, memory.pages());
    }

    @Test
    void withoutAMaximumGrowsTo4GiBWithoutAllocating() {
        PagedMemory memory = new PagedMemory(new MemoryLimits(1));
        assertEquals(65_536, memory.maximumPages());
        assertEquals(1, memory.grow(65_535));
        assertEquals(65_536, memory.pages());
        assertEquals(-1, memory.grow(1));
        for (int page = 0; page < memory.pages(); page++) {
            assertNull(memory.writtenPage(page));
        }
        memory.writeLong(0x7FFF_FFF8, -1);
        assertEquals(-1, memory.readLong(0x7FFF_FFF8));
        assertNotNull(memory.writtenPage(32_767));
        assertNull(memory.writtenPage(32_766));
    }

    @Test
    void onlyWritesAllocatePages() {
        PagedMemory memory = memory(8, 8);
        memory.readLong(PAGE - 4);
        memory.readBytes(0, 8 * PAGE);
        memory.fill((byte) 0, 0, 8 * PAGE);
        memory.copy(3 * PAGE, 0, 2 * PAGE);
        for (int page = 0; page < 8; page++) {
            assertNull(memory.writtenPage(page), "page " + page);
        }
        memory.writeShort(2 * PAGE - 1, (short) 0x0101);
        memory.copy(5 * PAGE + 10, 2 * PAGE - 1, 2);
        memory.fill((byte) 3, 7 * PAGE, 7 * PAGE + 1);
        boolean[] written = new boolean[8];
        for (int page = 0; page < 8; page++) {
            written[page] = memory.writtenPage(page) != null;
        }
        assertArrayEquals(new boolean[] {false, true, true, false, false, true, false, true}, written);
        assertEquals(0x0101, memory.readShort(5 * PAGE + 10));

        memory.zero();
        assertNull(memory.writtenPage(1), "zero() lets the pages go");
        assertEquals(0, memory.readShort(2 * PAGE - 1));
    }

    @Test
    void overlappingCopiesMoveAsMemmove() {
        PagedMemory memory = memory(3, 3);
        byte[] pattern = new byte[PAGE + 100];
        new Random(3).nextBytes(pattern);
        memory.write(PAGE - 50, pattern);
        memory.copy(PAGE - 10, PAGE - 50, pattern.length);
        assertArrayEquals(pattern, memory.readBytes(PAGE - 10, pattern.length), "upwards");
        memory.copy(PAGE - 50, PAGE - 10, pattern.length);
        assertArrayEquals(pattern, memory.readBytes(PAGE - 50, pattern.length), "downwards");
    }

    @Test
    void slicesAreThePagesInPlace() {
        PagedMemory memory = memory(3, 3);
        memory.writeI32(PAGE - 2, 0x04030201);
        StringBuilder slices = new StringBuilder();
        memory.slices(PAGE - 3, PAGE + 6, (array, offset, length) -> slices.append(array == memory.writtenPage(0)
                ? "page0" : array == memory.writtenPage(1) ? "page1" : "zeros").append(' ').append(offset)
                .append('+').append(length).append(' '));
        assertEquals("page0 65533+3 page1 0+65536 zeros 0+3 ", slices.toString());
    }

    @Test
    void anAccessThatReaches2GiBInsideTheMemoryNamesChicorysLimit() {
        PagedMemory memory = new PagedMemory(new MemoryLimits(65_536));
        Function<Runnable, String> trap = access -> assertThrows(WasmRuntimeException.class, access::run)
                .getMessage();
        String limit = "memory access beyond Chicory's 2 GiB addressing limit: address %s in a memory of 65536 pages"
                + " (4294967296 bytes); Chicory addresses memory with Java ints, so it cannot reach the memory at"
                + " or above 2 GiB (2147483648)";
        assertEquals(String.format(limit, "2147483648 (4 bytes)"), trap.apply(() -> memory.readInt(Integer.MIN_VALUE)));
        assertEquals(String.format(limit, "4294967295 (1 bytes)"), trap.apply(() -> memory.writeByte(-1, (byte) 1)));
        assertEquals(String.format(limit, "2147483646 (4 bytes)"), trap.apply(() -> memory.writeI32(0x7FFF_FFFE, 1)));
        assertEquals(String.format(limit, "2147483647 (2 bytes)"), trap.apply(() -> memory.readBytes(0x7FFF_FFFF, 2)));
        assertEquals(String.format(limit, "0 (2147483649 bytes)"),
                trap.apply(() -> memory.fill((byte) 1, 0, 0x8000_0001)));
        memory.writeByte(0x7FFF_FFFF, (byte) 1);

        PagedMemory twoGiB = new PagedMemory(new MemoryLimits(32_768));
        assertEquals("out of bounds memory access: attempted to access address: 2147483646 but limit is: 2147483648"
                + " and size: 4", assertThrows(WasmRuntimeException.class, () -> twoGiB.readInt(0x7FFF_FFFE))
                .getMessage());
        assertTrue(assertThrows(WasmRuntimeException.class, () -> twoGiB.readInt(Integer.MIN_VALUE)).getMessage()
                .startsWith("out of bounds memory access: attempted to access address: 2147483648 "));
    }

    @Test
    void passiveSegmentsInitAndDrop() {
        PagedMemory memory = memory(1, 1);
        DataSegment[] segments = {PassiveDataSegment.EMPTY, new PassiveDataSegment(new byte[] {1, 2, 3, 4})};
        memory.initialize(null, segments);
        memory.initPassiveSegment(1, PAGE - 2, 1, 2);
        assertEquals(0x0302, memory.readShort(PAGE - 2));
        assertThrows(WasmRuntimeException.class, () -> memory.initPassiveSegment(1, 0, 3, 2));
        memory.drop(1);
        memory.initPassiveSegment(1, 0, 0, 0);
        assertThrows(WasmRuntimeException.class, () -> memory.initPassiveSegment(1, 0, 0, 1));
    }

    @Test
    void atomicsReadModifyWrite() {
        PagedMemory memory = memory(1, 1);
        memory.atomicWriteInt(8, 40);
        assertEquals(40, memory.atomicAddInt(8, 2));
        assertEquals(42, memory.atomicCmpxchgInt(8, 42, 7));
        assertEquals(7, memory.atomicCmpxchgInt(8, 42, 9), "no exchange when the value differs");
        assertEquals(7, memory.atomicReadInt(8));
        assertEquals(7L, memory.atomicXchgLong(8, -1L));
        assertEquals((byte) -1, memory.atomicAndByte(15, (byte) 0x0F));
        assertEquals(0x0FFF_FFFF_FFFF_FFFFL, memory.atomicReadLong(8));
    }

    @Test
    void waitAndNotify() throws Exception {
        PagedMemory unshared = memory(1, 1);
        assertThrows(ChicoryException.class, () -> unshared.atomicWait(0, 0, 0L));
        assertEquals(0, unshared.atomicNotify(0, 1));

        PagedMemory memory = new PagedMemory(new MemoryLimits(1, 1, true));
        assertEquals(1, memory.atomicWait(0, 5, -1L), "not the expected value");
        assertEquals(2, memory.atomicWait(0, 0, TimeUnit.MILLISECONDS.toNanos(5)), "timed out");
        assertThrows(WasmRuntimeException.class, () -> memory.atomicWait(PAGE, 0, 0L));

        CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(() -> memory.atomicWait(64, 0L, -1L));
        int woken = 0;
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); woken == 0; ) {
            assertTrue(System.nanoTime() < deadline, "the waiter never waited");
            woken = memory.atomicNotify(64, -1);
            Thread.onSpinWait();
        }
        assertEquals(1, woken);
        assertEquals(0, waiter.get(10, TimeUnit.SECONDS), "woken");
        assertEquals(0, memory.atomicNotify(64, 1), "nobody left waiting");
    }
}
