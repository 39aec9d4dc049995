package io.github.wasmsnapshot.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What WASI preview 1 shows the initializer, when {@link SnapshotOptions#wasi()} turns it on. By default it is
 * deterministic: entropy is a stream seeded with {@link #randomSeed()}, both clocks are a virtual clock starting at
 * {@link #clockStart()}, the environment and arguments are empty, stdin is empty and mapped directories are
 * in-memory copies with fixed timestamps and sorted listings.
 */
public final class WasiConfig {
    /** The module name of WASI preview 1's imports. */
    public static final String MODULE = "wasi_snapshot_preview1";
    static final Instant DEFAULT_CLOCK_START = Instant.parse(Defaults.CLOCK_START);
    /** Leaves the virtual clock about a century of nanoseconds to run before it would overflow. */
    private static final Instant LATEST_CLOCK_START = Instant.parse("2100-01-01T00:00:00Z");

    private final long randomSeed;
    private final Instant clockStart;
    private final boolean realEntropyAndClock;
    private final Map<String, String> environment;
    private final boolean inheritEnvironment;
    private final List<String> arguments;
    private final List<MappedDirectory> directories;

    private WasiConfig(Builder builder) {
        this.randomSeed = builder.randomSeed;
        this.clockStart = builder.clockStart;
        this.realEntropyAndClock = builder.realEntropyAndClock;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(builder.environment));
        this.inheritEnvironment = builder.inheritEnvironment;
        this.arguments = List.copyOf(builder.arguments);
        this.directories = List.copyOf(builder.directories);
    }

    static Instant checkClockStart(Instant start) {
        if (start == null || start.isBefore(Instant.EPOCH) || start.isAfter(LATEST_CLOCK_START)) {
            throw new IllegalArgumentException("must be between " + Instant.EPOCH + " and " + LATEST_CLOCK_START
                    + ", got " + start);
        }
        return start;
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

    /** Host directories the initializer sees, preopened in this order. */
    public List<MappedDirectory> directories() {
        return directories;
    }

    public static final class Builder {
        private long randomSeed = Long.parseLong(Defaults.WASI_RANDOM_SEED);
        private Instant clockStart = DEFAULT_CLOCK_START;
        private boolean realEntropyAndClock;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private boolean inheritEnvironment;
        private final List<String> arguments = new ArrayList<>();
        private final List<MappedDirectory> directories = new ArrayList<>();

        private Builder() {}

        public Builder withRandomSeed(long seed) {
            this.randomSeed = seed;
            return this;
        }

        /** From 1970 to 2100: WASI timestamps are unsigned nanoseconds since 1970, and the virtual clock runs on. */
        public Builder withClockStart(Instant start) {
            this.clockStart = checkClockStart(start);
            return this;
        }

        public Builder withRealEntropyAndClock(boolean real) {
            this.realEntropyAndClock = real;
            return this;
        }

        public Builder withEnvironmentVariable(EnvironmentVariable variable) {
            environment.put(variable.name(), variable.value());
            return this;
        }

        public Builder withInheritEnvironment(boolean inherit) {
            this.inheritEnvironment = inherit;
            return this;
        }

        public Builder withArgument(String argument) {
            arguments.add(argument);
            return this;
        }

        public Builder withDirectory(MappedDirectory directory) {
            if (directories.stream().anyMatch(d -> d.guest().equals(directory.guest()))) {
                throw new IllegalArgumentException("the guest directory " + directory.guest() + " is mapped twice");
            }
            directories.add(directory);
            return this;
        }

        public WasiConfig build() {
            return new WasiConfig(this);
        }
    }
}
