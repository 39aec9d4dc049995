package io.github.wasmsnapshot.core;

/** One variable of the initializer's WASI environment. */
public record EnvironmentVariable(String name, String value) {
    public EnvironmentVariable {
        if (name == null || name.isEmpty() || name.contains("=") || value == null) {
            throw new IllegalArgumentException("an environment variable needs a name without '=' and a value, got '"
                    + name + "'");
        }
    }

    /** Parses {@code NAME=VALUE}; the value may be empty. */
    public static EnvironmentVariable parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("an environment variable must look like NAME=VALUE, got '" + spec + "'");
        }
        return new EnvironmentVariable(spec.substring(0, eq), spec.substring(eq + 1));
    }
}
