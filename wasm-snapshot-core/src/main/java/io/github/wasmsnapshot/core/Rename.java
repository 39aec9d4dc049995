package io.github.wasmsnapshot.core;

/**
 * Wizer's {@code --rename-func dst=src}: the output exports the function exported as {@code src} under the name
 * {@code dst}, replacing an export named {@code dst}.
 */
public record Rename(String dst, String src) {
    public Rename {
        if (dst == null || dst.isEmpty() || src == null || src.isEmpty()) {
            throw new IllegalArgumentException("a rename needs a destination and a source name");
        }
    }

    /** Parses {@code DST=SRC}. */
    public static Rename parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new IllegalArgumentException("a rename must look like DST=SRC, got '" + spec + "'");
        }
        return new Rename(spec.substring(0, eq), spec.substring(eq + 1));
    }

    @Override
    public String toString() {
        return dst + "=" + src;
    }
}
