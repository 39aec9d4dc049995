package io.github.wasmsnapshot.core;

import java.nio.file.Path;

/**
 * Wizer's {@code --preload NAME=FILE}: the module in {@code file} is instantiated before the initialization, and the
 * imports from module {@code name} are its exports. Its state is not snapshotted; the output still imports
 * {@code name}.
 */
public record Preload(String name, Path file) {
    public Preload {
        if (name == null || name.isEmpty() || file == null) {
            throw new IllegalArgumentException("a preload needs a module name and a file");
        }
    }

    /** "the preload `NAME` (FILE)", for messages. */
    String describe() {
        return "the preload `" + name + "` (" + file + ")";
    }

    /** Parses {@code NAME=FILE}; a relative {@code FILE} is resolved against {@code base}. */
    public static Preload parse(String spec, Path base) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new IllegalArgumentException("a preload must look like NAME=FILE, got '" + spec + "'");
        }
        return new Preload(spec.substring(0, eq), base.resolve(spec.substring(eq + 1)).normalize());
    }
}
