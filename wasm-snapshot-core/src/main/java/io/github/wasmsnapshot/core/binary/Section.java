package io.github.wasmsnapshot.core.binary;

/**
 * One section of a module binary, as positions into the module's bytes: {@code start} is the
 * section id byte, {@code payloadStart..end} its contents. Custom sections carry their name.
 */
public record Section(int id, int start, int payloadStart, int end, String customName) {
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

    public ByteReader payload(byte[] module) {
        return new ByteReader(module, payloadStart, end);
    }

    public boolean isCustom() {
        return id == CUSTOM;
    }
}
