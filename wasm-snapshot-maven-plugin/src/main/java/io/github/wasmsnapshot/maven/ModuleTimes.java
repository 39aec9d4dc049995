package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.OutputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
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
        if (cacheDirectory.isEmpty()) {
            return;
        }
        try {
            OutputFiles.write(file(cacheDirectory.get(), input),
                    Long.toString(time.toMillis()).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the next execution orders this module by its size
        }
    }

    private static Optional<Duration> last(Optional<Path> cacheDirectory, byte[] input) {
        if (cacheDirectory.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path file = file(cacheDirectory.get(), input);
            return Files.isRegularFile(file) ? Optional.of(Duration.ofMillis(
                    Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()))) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Path file(Path cacheDirectory, byte[] input) {
        try {
            return cacheDirectory.resolve("module-times")
                    .resolve(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
