package io.github.wasmsnapshot.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What to pre-initialize and how. Immutable; build it once with {@link #builder()}. */
public final class SnapshotOptions {
    public static final String DEFAULT_INIT_FUNCTION = "wizer-initialize";
    public static final int DEFAULT_MAX_DATA_SEGMENTS = 10_000;

    private final String initFunction;
    private final List<Rename> renames;
    private final boolean keepInitFunction;
    private final int maxDataSegments;
    private final int parallelism;
    private final boolean allowWasi;
    private final WasiConfig wasi;
    private final List<Preload> preloads;

    private SnapshotOptions(Builder builder) {
        this.initFunction = builder.initFunction;
        this.renames = List.copyOf(builder.renames);
        this.keepInitFunction = builder.keepInitFunction;
        this.maxDataSegments = builder.maxDataSegments;
        this.parallelism = builder.parallelism;
        this.allowWasi = builder.allowWasi;
        this.wasi = builder.wasi;
        this.preloads = List.copyOf(builder.preloads);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static SnapshotOptions defaults() {
        return builder().build();
    }

    /** The export that initializes the module; type {@code [] -> []}. */
    public String initFunction() {
        return initFunction;
    }

    public List<Rename> renames() {
        return renames;
    }

    public boolean keepInitFunction() {
        return keepInitFunction;
    }

    /** The snapshot emits at most this many data segments, merging the smallest gaps first (as wizer does). */
    public int maxDataSegments() {
        return maxDataSegments;
    }

    /** Threads that scan memory. The output does not depend on it. */
    public int parallelism() {
        return parallelism;
    }

    /** Provide WASI preview 1 to the initializer (off by default, as in wizer): see {@link #wasi()}. */
    public boolean allowWasi() {
        return allowWasi;
    }

    /** What WASI shows the initializer, when {@link #allowWasi()}. */
    public WasiConfig wasi() {
        return wasi;
    }

    /** Instantiated first, in this order; each may import from the ones before it. */
    public List<Preload> preloads() {
        return preloads;
    }

    public static final class Builder {
        private String initFunction = DEFAULT_INIT_FUNCTION;
        private final List<Rename> renames = new ArrayList<>();
        private boolean keepInitFunction;
        private int maxDataSegments = DEFAULT_MAX_DATA_SEGMENTS;
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private boolean allowWasi;
        private WasiConfig wasi = WasiConfig.defaults();
        private final List<Preload> preloads = new ArrayList<>();

        private Builder() {}

        public Builder initFunction(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("the init function name must not be empty");
            }
            this.initFunction = name;
            return this;
        }

        public Builder rename(Rename rename) {
            renames.add(rename);
            return this;
        }

        public Builder keepInitFunction(boolean keep) {
            this.keepInitFunction = keep;
            return this;
        }

        public Builder maxDataSegments(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("the data segment cap must be at least 1, got " + max);
            }
            this.maxDataSegments = max;
            return this;
        }

        public Builder parallelism(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + threads);
            }
            this.parallelism = threads;
            return this;
        }

        public Builder allowWasi(boolean allow) {
            this.allowWasi = allow;
            return this;
        }

        public Builder wasi(WasiConfig config) {
            this.wasi = Objects.requireNonNull(config);
            return this;
        }

        public Builder preload(Preload preload) {
            if (preload.name().equals(WasiSession.MODULE)) {
                throw new IllegalArgumentException("a preload cannot be named " + WasiSession.MODULE);
            }
            if (preloads.stream().anyMatch(p -> p.name().equals(preload.name()))) {
                throw new IllegalArgumentException("the preload " + preload.name() + " is given twice");
            }
            preloads.add(preload);
            return this;
        }

        public SnapshotOptions build() {
            return new SnapshotOptions(this);
        }
    }
}
