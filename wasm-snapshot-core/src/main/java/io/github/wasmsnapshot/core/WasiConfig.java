package io.github.wasmsnapshot.core;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What WASI shows the initializer when {@link SnapshotOptions#allowWasi()} is on. By default it is
 * deterministic: entropy is a stream seeded with {@link #randomSeed()}, both clocks are a virtual
 * clock starting at {@link #clockStart()}, the environment and arguments are empty, stdin is empty
 * and mapped directories are in-memory copies with fixed timestamps and sorted listings.
 */
public final class WasiConfig {
    public static final long DEFAULT_RANDOM_SEED = 0;
    /** When nothing else is given (the CLI prefers {@code SOURCE_DATE_EPOCH}). */
    public static final Instant DEFAULT_CLOCK_START = Instant.parse("2000-01-01T00:00:00Z");
    /** Leaves the virtual clock about a century of nanoseconds to run before it would overflow. */
    private static final Instant LATEST_CLOCK_START = Instant.parse("2100-01-01T00:00:00Z");

    private final long randomSeed;
    private final Instant clockStart;
    private final boolean realEntropyAndClock;
    private final Map<String, String> environment;
    private final boolean inheritEnvironment;
    private final List<String> arguments;
    private final Map<String, Path> directories;

    private WasiConfig(Builder builder) {
        this.randomSeed = builder.randomSeed;
        this.clockStart = builder.clockStart;
        this.realEntropyAndClock = builder.realEntropyAndClock;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(builder.environment));
        this.inheritEnvironment = builder.inheritEnvironment;
        this.arguments = List.copyOf(builder.arguments);
        this.directories = Collections.unmodifiableMap(new LinkedHashMap<>(builder.directories));
    }

    public static Builder builder() {
        return new Builder();
    }

    public static WasiConfig defaults() {
        return builder().build();
    }

    /** Seeds {@code random_get}'s byte stream (SplitMix64, see {@link #realEntropyAndClock()}). */
    public long randomSeed() {
        return randomSeed;
    }

    /** Where the virtual realtime clock starts; file timestamps in mapped directories are this instant. */
    public Instant clockStart() {
        return clockStart;
    }

    /** Wizer's behaviour: entropy from {@code SecureRandom} and the system clocks. The output is not reproducible. */
    public boolean realEntropyAndClock() {
        return realEntropyAndClock;
    }

    /** Variables the initializer sees, in this order, after the inherited ones (which they override). */
    public Map<String, String> environment() {
        return environment;
    }

    /** Also pass this process's environment (sorted by name). The output may then depend on the machine. */
    public boolean inheritEnvironment() {
        return inheritEnvironment;
    }

    /** The initializer's {@code argv}, none by default. */
    public List<String> arguments() {
        return arguments;
    }

    /** Guest path to host directory, preopened in this order. */
    public Map<String, Path> directories() {
        return directories;
    }

    public static final class Builder {
        private long randomSeed = DEFAULT_RANDOM_SEED;
        private Instant clockStart = DEFAULT_CLOCK_START;
        private boolean realEntropyAndClock;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private boolean inheritEnvironment;
        private final List<String> arguments = new ArrayList<>();
        private final Map<String, Path> directories = new LinkedHashMap<>();

        private Builder() {}

        public Builder randomSeed(long seed) {
            this.randomSeed = seed;
            return this;
        }

        /** Between 1970 and 2100: WASI timestamps are unsigned nanoseconds since 1970, and the virtual clock keeps going. */
        public Builder clockStart(Instant start) {
            if (start == null || start.isBefore(Instant.EPOCH) || start.isAfter(LATEST_CLOCK_START)) {
                throw new IllegalArgumentException("the clock start must be between " + Instant.EPOCH + " and "
                        + LATEST_CLOCK_START + ", got " + start);
            }
            this.clockStart = start;
            return this;
        }

        public Builder realEntropyAndClock(boolean real) {
            this.realEntropyAndClock = real;
            return this;
        }

        public Builder environmentVariable(String name, String value) {
            if (name == null || name.isEmpty() || name.contains("=") || value == null) {
                throw new IllegalArgumentException("an environment variable needs a name without '=' and a value, got '"
                        + name + "'");
            }
            environment.put(name, value);
            return this;
        }

        public Builder inheritEnvironment(boolean inherit) {
            this.inheritEnvironment = inherit;
            return this;
        }

        public Builder argument(String argument) {
            arguments.add(argument);
            return this;
        }

        /** Wizer's {@code --mapdir GUEST::HOST}. */
        public Builder directory(String guest, Path host) {
            if (guest == null || guest.isEmpty() || host == null) {
                throw new IllegalArgumentException("a mapped directory needs a guest path and a host path");
            }
            if (directories.containsKey(guest)) {
                throw new IllegalArgumentException("the guest directory " + guest + " is mapped twice");
            }
            directories.put(guest, host);
            return this;
        }

        /** Wizer's {@code --dir DIR}: the host directory under the same path. */
        public Builder directory(Path host) {
            return directory(host.toString(), host);
        }

        public WasiConfig build() {
            return new WasiConfig(this);
        }
    }
}
