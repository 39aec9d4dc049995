package io.github.wasmsnapshot.core.binary;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Appends the primitive encodings of the Wasm binary format to a growable buffer. */
public final class ByteWriter {
    private byte[] buffer;
    private int size;

    public ByteWriter() {
        this(64);
    }

    public ByteWriter(int capacity) {
        buffer = new byte[Math.max(capacity, 16)];
    }

    public int size() {
        return size;
    }

    public ByteWriter u8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public ByteWriter u32(long value) {
        return unsignedLeb(value & 0xFFFF_FFFFL);
    }

    public ByteWriter unsignedLeb(long value) {
        do {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            u8(value != 0 ? b | 0x80 : b);
        } while (value != 0);
        return this;
    }

    public ByteWriter signedLeb(long value) {
        while (true) {
            int b = (int) (value & 0x7F);
            value >>= 7;
            boolean done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            u8(done ? b : b | 0x80);
            if (done) {
                return this;
            }
        }
    }

    public ByteWriter littleEndian(long value, int byteCount) {
        for (int i = 0; i < byteCount; i++) {
            u8((int) (value >>> (8 * i)));
        }
        return this;
    }

    public ByteWriter bytes(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, buffer, size, length);
        size += length;
        return this;
    }

    public ByteWriter bytes(byte[] source) {
        return bytes(source, 0, source.length);
    }

    public ByteWriter name(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        u32(utf8.length);
        return bytes(utf8);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int extra) {
        if (buffer.length - size < extra) {
            long wanted = Math.max((long) buffer.length * 2, (long) size + extra);
            buffer = Arrays.copyOf(buffer, (int) Math.min(wanted, Integer.MAX_VALUE - 8));
        }
    }
}
