package io.github.wasmsnapshot.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A module's sections as raw bytes, read independently of the code under test, for checks of
 * what must be copied byte for byte and of section order.
 */
public record Sections(List<Sections.Raw> list) {
    public static final int CUSTOM = 0;
    public static final int IMPORT = 2;
    public static final int TABLE = 4;
    public static final int MEMORY = 5;
    public static final int GLOBAL = 6;
    public static final int EXPORT = 7;
    public static final int START = 8;
    public static final int ELEMENT = 9;
    public static final int CODE = 10;
    public static final int DATA = 11;
    public static final int DATA_COUNT = 12;

    /** One section: its id, its custom name (or null), its payload and all its bytes (id and size included). */
    public record Raw(int id, String name, byte[] payload, byte[] bytes) {
        /** "data" or "custom:name", for readable assertion messages. */
        public String label() {
            return id == CUSTOM ? "custom:" + name : NAMES[id];
        }
    }

    private static final String[] NAMES = {"custom", "type", "import", "function", "table", "memory", "global",
        "export", "start", "element", "code", "data", "datacount", "tag"};

    public static Sections of(byte[] module) {
        List<Raw> sections = new ArrayList<>();
        int[] position = {8};
        while (position[0] < module.length) {
            int start = position[0];
            int id = module[position[0]++] & 0xFF;
            int size = (int) leb(module, position);
            int payloadStart = position[0];
            int end = payloadStart + size;
            String name = null;
            if (id == CUSTOM) {
                int nameLength = (int) leb(module, position);
                name = new String(module, position[0], nameLength, StandardCharsets.UTF_8);
            }
            sections.add(new Raw(id, name, Arrays.copyOfRange(module, payloadStart, end),
                    Arrays.copyOfRange(module, start, end)));
            position[0] = end;
        }
        return new Sections(sections);
    }

    public List<String> labels() {
        return list.stream().map(Raw::label).toList();
    }

    public Raw get(int id) {
        return list.stream().filter(s -> s.id == id).findFirst()
                .orElseThrow(() -> new AssertionError("no section " + NAMES[id]));
    }

    public boolean has(int id) {
        return list.stream().anyMatch(s -> s.id == id);
    }

    /** Unsigned LEB128 at position[0]; moves position[0] past it. */
    public static long leb(byte[] bytes, int[] position) {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = bytes[position[0]++] & 0xFF;
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }

    /** A module with a custom section inserted before the section at {@code index} (or at the end). */
    public static byte[] withCustomSection(byte[] module, int index, String name, byte[] contents) {
        Sections sections = of(module);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(module, 0, 8);
        for (int i = 0; i <= sections.list.size(); i++) {
            if (i == index) {
                byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
                ByteArrayOutputStream payload = new ByteArrayOutputStream();
                writeLeb(payload, nameBytes.length);
                payload.writeBytes(nameBytes);
                payload.writeBytes(contents);
                out.write(CUSTOM);
                writeLeb(out, payload.size());
                out.writeBytes(payload.toByteArray());
            }
            if (i < sections.list.size()) {
                out.writeBytes(sections.list.get(i).bytes);
            }
        }
        return out.toByteArray();
    }

    private static void writeLeb(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
    }
}
