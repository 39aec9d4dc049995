package io.github.wasmsnapshot.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The options as a front-end was given them, as text, turned into {@link SnapshotOptions} by one set of rules for
 * every front-end: one parser and one message per value, the defaults of {@link SnapshotOption}, relative paths
 * resolved against the front-end's base directory. A value equal to its option's default counts as not given.
 */
public final class Configuration {
    private final Map<SnapshotOption, List<String>> given = new EnumMap<>(SnapshotOption.class);

    /** Sets a one-value option; null (left out) or the option's default leaves it not given. */
    public Configuration with(SnapshotOption option, String value) {
        if (option.kind() == SnapshotOption.Kind.REPEATED) {
            throw new IllegalArgumentException(option + " takes a list of values");
        }
        if (value == null || value.equals(option.defaultValue())) {
            given.remove(option);
        } else {
            given.put(option, List.of(value));
        }
        return this;
    }

    /** Sets a repeated option; null (left out) leaves it not given, an empty list gives it no values. */
    public Configuration with(SnapshotOption option, Collection<String> values) {
        if (option.kind() != SnapshotOption.Kind.REPEATED) {
            throw new IllegalArgumentException(option + " takes one value");
        }
        if (values == null) {
            given.remove(option);
        } else {
            // Maven makes an empty element null
            given.put(option, values.stream().map(v -> v == null ? "" : v).toList());
        }
        return this;
    }

    /**
     * The options given, each with its values as given, in the order of {@link SnapshotOption}: with the same base
     * directory and clock start, another {@code Configuration} given them resolves to the same options.
     */
    public Map<SnapshotOption, List<String>> given() {
        return Collections.unmodifiableMap(new EnumMap<>(given));
    }

    /** These options, with every option that {@code other} gives taken from {@code other}. */
    public Configuration overriddenBy(Configuration other) {
        Configuration result = new Configuration();
        result.given.putAll(given);
        result.given.putAll(other.given);
        return result;
    }

    /**
     * The options WASI needs must come with WASI: an error, naming the first such option, unless WASI is on in one of
     * {@code configurations} (the modules of one run) or none of them configures WASI.
     */
    public static void requireWasiWhereConfigured(Collection<Configuration> configurations) throws OptionException {
        if (configurations.stream().anyMatch(Configuration::wasiOn)) {
            return;
        }
        for (Configuration configuration : configurations) {
            for (var entry : configuration.given.entrySet()) {
                if (entry.getKey().configuresWasi() && !entry.getValue().isEmpty()) {
                    throw new OptionException(entry.getKey() + " configures WASI, which is off: turn it on with "
                            + SnapshotOption.ALLOW_WASI);
                }
            }
        }
    }

    /**
     * The options; relative paths (preload files, directories) are resolved against {@code base}. WASI's options
     * are read only if WASI is on, and {@code clockStart} only if it is on and no clock start is given.
     *
     * @throws OptionException with every value that cannot be used
     */
    public SnapshotOptions resolve(Path base, ClockStartDefault clockStart) throws OptionException {
        SnapshotOptions.Builder options = SnapshotOptions.builder()
                .withCacheDirectory(UserCache.directory(System.getenv()).orElse(null));
        WasiConfig.Builder wasi = WasiConfig.builder();
        boolean wasiOn = wasiOn();
        List<String> problems = new ArrayList<>();
        for (var entry : given.entrySet()) {
            SnapshotOption option = entry.getKey();
            if (option.configuresWasi() && !wasiOn) {
                continue;
            }
            for (String value : entry.getValue()) {
                try {
                    apply(option, value, base, options, wasi);
                } catch (IllegalArgumentException e) {
                    problems.add(option + ": " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new OptionException(problems);
        }
        if (wasiOn) {
            if (!given.containsKey(SnapshotOption.WASI_CLOCK_START)) {
                clockStart.instant().ifPresent(wasi::withClockStart);
            }
            options.withWasi(wasi.build());
        }
        return options.build();
    }

    private boolean wasiOn() {
        List<String> allow = given.get(SnapshotOption.ALLOW_WASI);
        return allow != null && allow.get(0).strip().equalsIgnoreCase("true");
    }

    private static void apply(SnapshotOption option, String value, Path base, SnapshotOptions.Builder options,
            WasiConfig.Builder wasi) {
        switch (option) {
            case INIT_FUNCTION -> options.withInitFunction(value);
            case RENAME_FUNCTIONS -> options.withRename(Rename.parse(value));
            case KEEP_INIT_FUNCTION -> options.withKeepInitFunction(bool(value));
            case MAX_DATA_SEGMENTS -> options.withMaxDataSegments(integer(value));
            case PARALLELISM -> options.withParallelism(integer(value));
            case ENGINE -> options.withEngine(Engine.parse(value));
            case CACHE_DIRECTORY -> options.withCacheDirectory(value.strip().equals(Defaults.NO_CACHE) ? null
                    : base.resolve(value).normalize());
            case TIMEOUT -> options.withTimeout(Duration.ofSeconds(whole(value)));
            case STACK_SIZE -> options.withStackSize(Sizes.parse(value));
            case PRELOADS -> options.withPreload(Preload.parse(value, base));
            case ALLOW_WASI -> bool(value); // read by wasiOn(); checked here
            case ENVIRONMENT -> wasi.withEnvironmentVariable(EnvironmentVariable.parse(value));
            case INHERIT_ENVIRONMENT -> wasi.withInheritEnvironment(bool(value));
            case WASI_ARGUMENTS -> wasi.withArgument(value);
            case DIRECTORIES -> wasi.withDirectory(MappedDirectory.same(value, base));
            case MAPPED_DIRECTORIES -> wasi.withDirectory(MappedDirectory.parse(value, base));
            case WASI_RANDOM_SEED -> wasi.withRandomSeed(whole(value));
            case WASI_CLOCK_START -> wasi.withClockStart(Instants.parse(value));
            case WASI_REAL_ENTROPY_AND_CLOCK -> wasi.withRealEntropyAndClock(bool(value));
        }
    }

    private static boolean bool(String value) {
        String text = value.strip();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("takes true or false, got '" + value + "'");
    }

    private static int integer(String value) {
        long whole = whole(value);
        if (whole != (int) whole) {
            throw new IllegalArgumentException("takes a whole number of at most " + Integer.MAX_VALUE + ", got '"
                    + value + "'");
        }
        return (int) whole;
    }

    private static long whole(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("takes a whole number, got '" + value + "'");
        }
    }
}
