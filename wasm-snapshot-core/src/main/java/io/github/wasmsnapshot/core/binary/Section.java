package io.github.wasmsnapshot.core.binary;

/**
 * One section of a module binary, as positions into the module's bytes: {@code start} is the
 * section id byte, {@code payloadStart..end} its contents. Custom sections carry their name.
 */
public record Section(int id, int start, int payloadStart, int end, String customName) {
    public static final int CUSTOM = 0;
    public static final int TYPE = 1;
    public static final int IMPORT = 2;
    public static final int FUNCTION = 3;
    public static final int TABLE = 4;
    public static final int MEMORY = 5;
    public static final int GLOBAL = 6;
    public static final int EXPORT = 7;
    public static final int START = 8;
    public static final int ELEMENT = 9;
    public static final int CODE = 10;
    public static final int DATA = 11;
    public static final int DATA_COUNT = 12;
    public static final int TAG = 13;

    /** By id: the sections of the core binary format, with the exception handling proposal's tag section. */
    private static final String[] NAMES = {"custom", "type", "import", "function", "table", "memory", "global",
        "export", "start", "element", "code", "data", "data count", "tag"};

    public ByteReader payload(byte[] module) {
        return new ByteReader(module, payloadStart, end);
    }

    public boolean isCustom() {
        return id == CUSTOM;
    }

    static boolean isKnown(int id) {
        return id < NAMES.length;
    }

    /** "code section at byte offset 120", or "custom section `name` at byte offset 900", for messages. */
    public String describe() {
        return isCustom() ? "custom section `" + customName + "` at byte offset " + start : describe(id, start);
    }

    /** A section whose id byte is at {@code start}, before its contents are read. */
    static String describe(int id, int start) {
        return NAMES[id] + " section at byte offset " + start;
    }
}
