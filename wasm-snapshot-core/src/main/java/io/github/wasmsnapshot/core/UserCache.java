package io.github.wasmsnapshot.core;

import java.nio.file.Path;
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
}
