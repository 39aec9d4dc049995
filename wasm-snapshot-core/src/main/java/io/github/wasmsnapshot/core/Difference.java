package io.github.wasmsnapshot.core;

import io.github.wasmsnapshot.core.binary.MalformedBinaryException;
import io.github.wasmsnapshot.core.binary.ModuleBinary;
import io.github.wasmsnapshot.core.binary.Section;
import java.util.Arrays;
import java.util.Optional;

/** Where two modules first differ, said as a user can look it up: a byte offset and the section it falls in. */
public final class Difference {
    private Difference() {}

    /**
     * Empty if the bytes are equal; otherwise where {@code expected} first differs: "at byte offset 1234, in the
     * data section at byte offset 1200 (it ends at byte offset 9000)", or where one of them ends.
     */
    public static Optional<String> between(byte[] expected, byte[] actual) {
        int offset = Arrays.mismatch(expected, actual);
        if (offset < 0) {
            return Optional.empty();
        }
        if (offset >= expected.length || offset >= actual.length) {
            return Optional.of("at byte offset " + offset + ", where the " + (offset >= expected.length
                    ? "expected module ends (" + expected.length + " bytes, the other has " + actual.length + ")"
                    : "other module ends (" + actual.length + " bytes, the expected one has " + expected.length + ")"));
        }
        return Optional.of("at byte offset " + offset + ", " + where(expected, offset));
    }

    private static String where(byte[] module, int offset) {
        if (offset < ModuleBinary.header().length) {
            return "in the header";
        }
        try {
            for (Section section : ModuleBinary.read(module).sections()) {
                if (offset >= section.start() && offset < section.end()) {
                    return "in the " + section.describe() + " (it ends at byte offset " + section.end() + ")";
                }
            }
        } catch (MalformedBinaryException e) {
            return "in a module that does not split into sections (" + e.getMessage() + ")";
        }
        return "past the last section";
    }
}
