package io.github.wasmsnapshot.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The user's cache directory for this tool, where the front-ends keep what makes the next run faster. */
public final class UserCache {
    private UserCache() {}

    /** {@code $XDG_CACHE_HOME/wasm-snapshot}, else {@code ~/.cache/wasm-snapshot}; empty without a home. */
    public static Optional<Path> directory(Map<String, String> environment) {
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Optional.of(Path.of(xdg, "wasm-snapshot"));
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() ? Optional.empty()
                : Optional.of(Path.of(home, ".cache", "wasm-snapshot"));
    }

    /**
     * A time kept in {@code file} of a cache directory, as whole milliseconds; empty where there is none or it cannot
     * be read. Such records only decide how to go about a run (when to compile, what to start first), never what it
     * makes, so what cannot be read or written is left out.
     */
    public static Optional<Duration> readTime(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Duration.ofMillis(
                    Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()))) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Writes the record {@link #readTime} reads, whole or not at all. */
    public static void writeTime(Path file, Duration time) {
        try {
            OutputFiles.write(file, Long.toString(time.toMillis()).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the next run goes without it
        }
    }
}
