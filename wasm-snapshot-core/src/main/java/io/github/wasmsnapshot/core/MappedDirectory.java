package io.github.wasmsnapshot.core;

import java.nio.file.Path;

/**
 * Wizer's {@code --mapdir GUEST::HOST} and {@code --dir DIR}: the host directory {@code host}, seen as
 * {@code guest}.
 */
public record MappedDirectory(String guest, Path host) {
    public MappedDirectory {
        if (guest == null || guest.isEmpty() || host == null) {
            throw new IllegalArgumentException("a mapped directory needs a guest path and a host path");
        }
    }

    /** Parses {@code GUEST::HOST}; a relative {@code HOST} is resolved against {@code base}. */
    public static MappedDirectory parse(String spec, Path base) {
        int separator = spec.indexOf("::");
        if (separator <= 0 || separator + 2 == spec.length()) {
            throw new IllegalArgumentException("a mapped directory must look like GUEST::HOST, got '" + spec + "'");
        }
        return new MappedDirectory(spec.substring(0, separator),
                base.resolve(spec.substring(separator + 2)).normalize());
    }

    /** {@code DIR}, seen under the path as written; a relative {@code DIR} is found under {@code base}. */
    public static MappedDirectory same(String directory, Path base) {
        if (directory.isEmpty()) {
            throw new IllegalArgumentException("a directory must not be empty");
        }
        return new MappedDirectory(directory, base.resolve(directory).normalize());
    }
}
