package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.WasiConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What WASI shows the initializers of an execution, as the goal's parameters give it: host paths as written
 * (relative to the project's directory), the clock start already decided (see {@link SnapshotMojo#wasiClockStart}).
 * A record, so that its {@link #toString()} names every value; it is part of the modules' fingerprints. The
 * environment is sorted by name, so the initializer sees it in the same order whatever the POM's order.
 */
record WasiParameters(long randomSeed, Instant clockStart, boolean realEntropyAndClock,
        Map<String, String> environment, boolean inheritEnvironment, List<String> arguments,
        List<String> directories, List<String> mappedDirectories) {

    /** The core's defaults: seed 0, the core's fixed clock start, no environment, arguments or directories. */
    static final WasiParameters DEFAULTS = new WasiParameters(WasiConfig.DEFAULT_RANDOM_SEED, null, false, null,
            false, null, null, null);

    /** Nulls (parameters left out) are empty; an environment variable without value has the empty value. */
    WasiParameters {
        clockStart = clockStart == null ? WasiConfig.DEFAULT_CLOCK_START : clockStart;
        TreeMap<String, String> sorted = new TreeMap<>();
        if (environment != null) {
            environment.forEach((name, value) -> sorted.put(name, value == null ? "" : value));
        }
        environment = Collections.unmodifiableMap(sorted);
        arguments = copy(arguments);
        directories = copy(directories);
        mappedDirectories = copy(mappedDirectories);
    }

    /**
     * The core's configuration; relative host paths are resolved against {@code basedir}, and a directory of
     * {@link #directories()} is seen by the initializer under the path as written.
     *
     * @throws IllegalArgumentException if a value is invalid; the message says which and why
     */
    WasiConfig toWasiConfig(Path basedir) {
        WasiConfig.Builder builder = WasiConfig.builder()
                .randomSeed(randomSeed)
                .clockStart(clockStart)
                .realEntropyAndClock(realEntropyAndClock)
                .inheritEnvironment(inheritEnvironment);
        environment.forEach(builder::environmentVariable);
        arguments.forEach(builder::argument);
        for (String directory : directories) {
            if (directory.isEmpty()) {
                throw new IllegalArgumentException("a directory of <directories> is empty");
            }
            builder.directory(directory, basedir.resolve(directory).normalize());
        }
        for (String mapping : mappedDirectories) {
            int separator = mapping.indexOf("::");
            if (separator <= 0 || separator + 2 == mapping.length()) {
                throw new IllegalArgumentException("a mapped directory must look like GUEST::HOST, got '" + mapping + "'");
            }
            builder.directory(mapping.substring(0, separator),
                    basedir.resolve(mapping.substring(separator + 2)).normalize());
        }
        return builder.build();
    }

    /** Maven makes an empty element null. */
    private static List<String> copy(List<String> list) {
        return list == null ? List.of() : list.stream().map(s -> s == null ? "" : s).toList();
    }
}
