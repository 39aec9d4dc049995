package io.github.wasmsnapshot.core.binary;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/** Reads the primitive encodings of the Wasm binary format, reporting failures with byte offsets. */
public final class ByteReader {
    private final byte[] bytes;
    private final int end;
    private int position;

    public ByteReader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.position = start;
        this.end = end;
    }

    public int position() {
        return position;
    }

    public boolean atEnd() {
        return position >= end;
    }

    public int u8() {
        require(1, "a byte");
        return bytes[position++] & 0xFF;
    }

    public int u32() {
        long value = unsignedLeb(5, "an unsigned LEB128 u32");
        if (value > 0xFFFF_FFFFL) {
            throw malformed("u32 out of range");
        }
        return (int) value;
    }

    public long u64() {
        return unsignedLeb(10, "an unsigned LEB128 u64");
    }

    /** Skips a signed LEB128 value of at most {@code maxBytes} bytes. */
    public void skipSignedLeb(int maxBytes) {
        int start = position;
        for (int i = 0; i < maxBytes; i++) {
            if ((u8() & 0x80) == 0) {
                return;
            }
        }
        throw new MalformedBinaryException("malformed module: signed LEB128 too long at byte offset " + start);
    }

    public void skip(int count) {
        require(count, count + " bytes");
        position += count;
    }

    /** A reader of the next {@code count} bytes; this reader moves past them. */
    public ByteReader slice(int count) {
        int start = position;
        skip(count);
        return new ByteReader(bytes, start, position);
    }

    /** The bytes of a {@code vec(byte)}: returns the offset of the first byte; the reader moves past them. */
    public int byteVector() {
        int length = u32();
        int start = position;
        skip(length);
        return start;
    }

    public String name() {
        int length = u32();
        require(length, "a name of " + length + " bytes");
        try {
            String name = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, position, length))
                    .toString();
            position += length;
            return name;
        } catch (CharacterCodingException e) {
            throw malformed("name is not valid UTF-8");
        }
    }

    private long unsignedLeb(int maxBytes, String what) {
        int start = position;
        long result = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (position >= end) {
                throw truncated(start, what);
            }
            int b = bytes[position++] & 0xFF;
            result |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new MalformedBinaryException("malformed module: " + what + " is too long at byte offset " + start);
    }

    private void require(int count, String what) {
        if (count < 0 || end - position < count) {
            throw truncated(position, what);
        }
    }

    private MalformedBinaryException truncated(int offset, String what) {
        return new MalformedBinaryException("truncated module: expected " + what + " at byte offset " + offset
                + " but the " + (end == bytes.length ? "file" : "section") + " ends at byte offset " + end);
    }

    private MalformedBinaryException malformed(String what) {
        return new MalformedBinaryException("malformed module: " + what + " at byte offset " + position);
    }
}
