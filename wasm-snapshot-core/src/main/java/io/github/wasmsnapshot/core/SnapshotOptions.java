package io.github.wasmsnapshot.core;

import java.util.ArrayList;
import java.util.List;

/** What to pre-initialize and how. Immutable; build it once with {@link #builder()}. */
public final class SnapshotOptions {
    public static final String DEFAULT_INIT_FUNCTION = "wizer-initialize";
    public static final int DEFAULT_MAX_DATA_SEGMENTS = 10_000;

    private final String initFunction;
    private final List<Rename> renames;
    private final boolean keepInitFunction;
    private final int maxDataSegments;
    private final int parallelism;

    private SnapshotOptions(Builder builder) {
        this.initFunction = builder.initFunction;
        this.renames = List.copyOf(builder.renames);
        this.keepInitFunction = builder.keepInitFunction;
        this.maxDataSegments = builder.maxDataSegments;
        this.parallelism = builder.parallelism;
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

    public static final class Builder {
        private String initFunction = DEFAULT_INIT_FUNCTION;
        private final List<Rename> renames = new ArrayList<>();
        private boolean keepInitFunction;
        private int maxDataSegments = DEFAULT_MAX_DATA_SEGMENTS;
        private int parallelism = Runtime.getRuntime().availableProcessors();

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

        public SnapshotOptions build() {
            return new SnapshotOptions(this);
        }
    }
}
