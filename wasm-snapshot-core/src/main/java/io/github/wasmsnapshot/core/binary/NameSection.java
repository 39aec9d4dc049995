package io.github.wasmsnapshot.core.binary;

import java.util.Optional;

/**
 * Reads function names from the {@code name} custom section, for messages only. The section is for debuggers and is
 * copied as it is: a malformed one is not an error, it just names nothing.
 */
public final class NameSection {
    private static final String NAME = "name";
    private static final int FUNCTION_NAMES = 1;

    private NameSection() {}

    /** The name that the module's first {@code name} section gives function {@code index}, if any. */
    public static Optional<String> functionName(ModuleBinary binary, int index) {
        Optional<Section> section = binary.sections().stream()
                .filter(s -> s.isCustom() && s.customName().equals(NAME)).findFirst();
        try {
            return section.flatMap(s -> functionName(s.payload(binary.bytes()), index));
        } catch (MalformedBinaryException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> functionName(ByteReader in, int index) {
        in.name();
        while (!in.atEnd()) {
            int id = in.u8();
            ByteReader subsection = in.slice(in.u32());
            if (id == FUNCTION_NAMES) {
                return find(subsection, index);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> find(ByteReader names, int index) {
        for (long count = Integer.toUnsignedLong(names.u32()); count > 0; count--) {
            int function = names.u32();
            String name = names.name();
            if (function == index) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }
}
