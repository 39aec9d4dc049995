package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.Provenance;
import io.github.wasmsnapshot.core.UserCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * How long each module took when it was last snapshotted, kept in the user's cache directory
 * ({@code DIR/module-times/SHA-256 of the module}), so that an execution starts its longest modules first: on two
 * cores, a project whose SQLite module came last in input order ran it alone at the end while the other core idled,
 * 0.5 s of a 4.5 s build. A module never timed goes by its size, before the timed ones. The times only order the
 * work; what cannot be read or written is left out.
 */
final class ModuleTimes {
    private ModuleTimes() {}

    /** The modules' indices in the order to start them in: never timed (largest first), then the longest first. */
    static List<Integer> longestFirst(List<ModuleRunner.ResolvedModule> modules) {
        long[] sizes = new long[modules.size()];
        long[] millis = new long[modules.size()];
        for (int i = 0; i < sizes.length; i++) {
            ModuleRunner.ResolvedModule module = modules.get(i);
            try {
                byte[] input = Files.readAllBytes(module.input());
                sizes[i] = input.length;
                millis[i] = last(module.options().cacheDirectory(), input).map(Duration::toMillis).orElse(-1L);
            } catch (IOException e) {
                millis[i] = -1; // its job says what is wrong with it
            }
        }
        return IntStream.range(0, sizes.length).boxed()
                .sorted(Comparator.comparing((Integer i) -> millis[i] >= 0)
                        .thenComparingLong(i -> millis[i] >= 0 ? -millis[i] : -sizes[i])
                        .thenComparingInt(i -> i))
                .toList();
    }

    static void record(Optional<Path> cacheDirectory, byte[] input, Duration time) {
        cacheDirectory.ifPresent(directory -> UserCache.writeTime(file(directory, input), time));
    }

    private static Optional<Duration> last(Optional<Path> cacheDirectory, byte[] input) {
        return cacheDirectory.flatMap(directory -> UserCache.readTime(file(directory, input)));
    }

    private static Path file(Path cacheDirectory, byte[] input) {
        return cacheDirectory.resolve("module-times").resolve(Provenance.sha256(input));
    }
}
