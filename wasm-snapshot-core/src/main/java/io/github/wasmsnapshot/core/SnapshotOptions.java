package io.github.wasmsnapshot.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to pre-initialize and how. Immutable; build it with {@link #builder()}, or from a front-end's text with
 * {@link Configuration}. The options are those of {@link SnapshotOption}.
 */
public final class SnapshotOptions {
    private final String initFunction;
    private final List<Rename> renames;
    private final boolean keepInitFunction;
    private final int maxDataSegments;
    private final int parallelism;
    private final Engine engine;
    private final Path cacheDirectory;
    private final Duration timeout;
    private final long stackSize;
    private final List<Preload> preloads;
    private final WasiConfig wasi;

    private SnapshotOptions(Builder builder) {
        this.initFunction = builder.initFunction;
        this.renames = List.copyOf(builder.renames);
        this.keepInitFunction = builder.keepInitFunction;
        this.maxDataSegments = builder.maxDataSegments;
        this.parallelism = builder.parallelism;
        this.engine = builder.engine;
        this.cacheDirectory = builder.cacheDirectory;
        this.timeout = builder.timeout;
        this.stackSize = builder.stackSize;
        this.preloads = List.copyOf(builder.preloads);
        this.wasi = builder.wasi;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static SnapshotOptions defaults() {
        return builder().build();
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.initFunction = initFunction;
        builder.renames.addAll(renames);
        builder.keepInitFunction = keepInitFunction;
        builder.maxDataSegments = maxDataSegments;
        builder.parallelism = parallelism;
        builder.engine = engine;
        builder.cacheDirectory = cacheDirectory;
        builder.timeout = timeout;
        builder.stackSize = stackSize;
        builder.preloads.addAll(preloads);
        builder.wasi = wasi;
        return builder;
    }

    /**
     * The export that initializes the module, type {@code [] -> []}; empty for the default: {@code wizer-initialize},
     * or {@code wizer.initialize} if the module exports only that.
     */
    public Optional<String> initFunction() {
        return Optional.ofNullable(initFunction);
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

    /** How the initializer runs; the output does not depend on it. */
    public Engine engine() {
        return engine;
    }

    /** Where compiled classes are kept between runs; empty for no cache. */
    public Optional<Path> cacheDirectory() {
        return Optional.ofNullable(cacheDirectory);
    }

    /** How long the initialization may run before it is stopped and fails; empty for no limit. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** The stack, in bytes, of the thread that runs the initializer: how deep it may recurse. */
    public long stackSize() {
        return stackSize;
    }

    /** Instantiated first, in this order; each may import from the ones before it. */
    public List<Preload> preloads() {
        return preloads;
    }

    /** What WASI preview 1 shows the initializer; empty when WASI is off (the default, as in wizer). */
    public Optional<WasiConfig> wasi() {
        return Optional.ofNullable(wasi);
    }

    public static final class Builder {
        private String initFunction;
        private final List<Rename> renames = new ArrayList<>();
        private boolean keepInitFunction;
        private int maxDataSegments = Integer.parseInt(Defaults.MAX_DATA_SEGMENTS);
        private int parallelism = Math.min(Runtime.getRuntime().availableProcessors(), Defaults.MAX_PARALLELISM);
        private Engine engine = Engine.parse(Defaults.ENGINE);
        private Path cacheDirectory;
        private Duration timeout;
        private long stackSize = Sizes.parse(Defaults.STACK_SIZE);
        private final List<Preload> preloads = new ArrayList<>();
        private WasiConfig wasi;

        private Builder() {}

        public Builder withInitFunction(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("the init function name must not be empty");
            }
            this.initFunction = name;
            return this;
        }

        public Builder withRename(Rename rename) {
            renames.add(Objects.requireNonNull(rename));
            return this;
        }

        public Builder withKeepInitFunction(boolean keep) {
            this.keepInitFunction = keep;
            return this;
        }

        public Builder withMaxDataSegments(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("must be at least 1, got " + max);
            }
            this.maxDataSegments = max;
            return this;
        }

        public Builder withParallelism(int threads) {
            if (threads < 1 || threads > Defaults.MAX_PARALLELISM) {
                throw new IllegalArgumentException("must be from 1 to " + Defaults.MAX_PARALLELISM + ", got "
                        + threads);
            }
            this.parallelism = threads;
            return this;
        }

        public Builder withEngine(Engine engine) {
            this.engine = Objects.requireNonNull(engine);
            return this;
        }

        /** Null (the default) for no cache; the command line and the plugin use the user's cache directory. */
        public Builder withCacheDirectory(Path directory) {
            this.cacheDirectory = directory;
            return this;
        }

        /** Zero or null for no limit. */
        public Builder withTimeout(Duration limit) {
            if (limit != null && limit.isNegative()) {
                throw new IllegalArgumentException("must not be negative, got " + limit.toSeconds());
            }
            this.timeout = limit == null || limit.isZero() ? null : limit;
            return this;
        }

        public Builder withStackSize(long bytes) {
            if (bytes < Sizes.MIN_STACK || bytes > Sizes.MAX_STACK) {
                throw new IllegalArgumentException("must be from 256k to 4g, got " + bytes + " bytes");
            }
            this.stackSize = bytes;
            return this;
        }

        public Builder withPreload(Preload preload) {
            if (preload.name().equals(WasiConfig.MODULE)) {
                throw new IllegalArgumentException("a preload cannot be named " + WasiConfig.MODULE);
            }
            if (preloads.stream().anyMatch(p -> p.name().equals(preload.name()))) {
                throw new IllegalArgumentException("the preload " + preload.name() + " is given twice");
            }
            preloads.add(preload);
            return this;
        }

        /** Turns WASI on, configured so; {@link WasiConfig#defaults()} is deterministic and shows nothing. */
        public Builder withWasi(WasiConfig config) {
            this.wasi = Objects.requireNonNull(config);
            return this;
        }

        public SnapshotOptions build() {
            return new SnapshotOptions(this);
        }
    }
}
