package io.github.wasmsnapshot.core.binary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A core module binary split into its sections, in file order; nothing is decoded beyond that. */
public final class ModuleBinary {
    private static final int HEADER_SIZE = 8;
    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6D};

    private final byte[] bytes;
    private final List<Section> sections;

    private ModuleBinary(byte[] bytes, List<Section> sections) {
        this.bytes = bytes;
        this.sections = List.copyOf(sections);
    }

    public static ModuleBinary read(byte[] bytes) {
        checkHeader(bytes);
        List<Section> sections = new ArrayList<>();
        ByteReader reader = new ByteReader(bytes, HEADER_SIZE, bytes.length);
        while (!reader.atEnd()) {
            int start = reader.position();
            int id = reader.u8();
            if (!Section.isKnown(id)) {
                throw new MalformedBinaryException("malformed module: unknown section id " + id + " at byte offset "
                        + start);
            }
            try {
                sections.add(section(bytes, reader, id, start));
            } catch (MalformedBinaryException e) {
                throw e.within(Section.describe(id, start));
            }
        }
        return new ModuleBinary(bytes, sections);
    }

    /** The section whose id byte, {@code id}, is at {@code start}; {@code reader} moves past it. */
    private static Section section(byte[] bytes, ByteReader reader, int id, int start) {
        long size = Integer.toUnsignedLong(reader.u32());
        int payloadStart = reader.position();
        if (bytes.length - payloadStart < size) {
            throw new MalformedBinaryException("truncated module: it declares " + size + " bytes but only "
                    + (bytes.length - payloadStart) + " remain");
        }
        int end = payloadStart + (int) size;
        String customName = id == Section.CUSTOM ? new ByteReader(bytes, payloadStart, end).name() : null;
        reader.skip((int) size);
        return new Section(id, start, payloadStart, end, customName);
    }

    /** Refuses {@code bytes} unless they start as a core module's do (the first 8 bytes or fewer suffice). */
    public static void checkHeader(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= bytes.length || bytes[i] != MAGIC[i]) {
                throw new MalformedBinaryException("not a WebAssembly binary: it does not start with the magic bytes"
                        + " \\0asm (byte offset 0)");
            }
        }
        if (bytes.length < HEADER_SIZE) {
            throw new MalformedBinaryException("truncated module: the 8-byte header ends at byte offset "
                    + bytes.length);
        }
        // The component model splits the 32-bit version into a 16-bit version and a layer (1: a component).
        int layer = (bytes[6] & 0xFF) | (bytes[7] & 0xFF) << 8;
        if (layer == 1) {
            throw new MalformedBinaryException("this is a WebAssembly component, not a core module (byte offset 4):"
                    + " wasm-snapshot pre-initializes core modules only");
        }
        long version = Integer.toUnsignedLong(ByteBuffer.wrap(bytes, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        if (version != 1) {
            throw new MalformedBinaryException("unsupported WebAssembly binary version " + version
                    + " at byte offset 4: only version 1 core modules are supported");
        }
    }

    public byte[] bytes() {
        return bytes;
    }

    public List<Section> sections() {
        return sections;
    }

    public Optional<Section> section(int id) {
        return sections.stream().filter(s -> s.id() == id).findFirst();
    }

    public static byte[] header() {
        return new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    }
}
