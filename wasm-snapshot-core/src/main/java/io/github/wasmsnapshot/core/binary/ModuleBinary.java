package io.github.wasmsnapshot.core.binary;

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
            int size = reader.u32();
            int payloadStart = reader.position();
            if (bytes.length - payloadStart < size) {
                throw new MalformedBinaryException("truncated module: section " + id + " at byte offset " + start
                        + " declares " + size + " bytes but only " + (bytes.length - payloadStart) + " remain");
            }
            String customName = null;
            if (id == Section.CUSTOM) {
                customName = new ByteReader(bytes, payloadStart, payloadStart + size).name();
            }
            reader.skip(size);
            sections.add(new Section(id, start, payloadStart, payloadStart + size, customName));
        }
        return new ModuleBinary(bytes, sections);
    }

    private static void checkHeader(byte[] bytes) {
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
        int version = (bytes[4] & 0xFF) | (bytes[5] & 0xFF) << 8;
        int layer = (bytes[6] & 0xFF) | (bytes[7] & 0xFF) << 8;
        if (layer == 1) {
            throw new MalformedBinaryException("this is a WebAssembly component, not a core module (byte offset 4):"
                    + " wasm-snapshot pre-initializes core modules only");
        }
        if (version != 1 || layer != 0) {
            throw new MalformedBinaryException("unsupported WebAssembly version " + version + " at byte offset 4:"
                    + " only version 1 core modules are supported");
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
