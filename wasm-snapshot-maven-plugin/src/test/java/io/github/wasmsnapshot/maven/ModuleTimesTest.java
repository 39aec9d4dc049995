package io.github.wasmsnapshot.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wasmsnapshot.core.Configuration;
import io.github.wasmsnapshot.core.SnapshotOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order modules start in: never timed first, largest first; then the longest last time first. */
class ModuleTimesTest {
    @TempDir
    Path directory;

    private ModuleRunner.ResolvedModule module(String name, int size, Optional<Path> cache) throws Exception {
        Path input = Files.write(directory.resolve(name), new byte[size]);
        SnapshotOptions.Builder options = SnapshotOptions.builder();
        cache.ifPresent(options::withCacheDirectory);
        return new ModuleRunner.ResolvedModule(input, directory.resolve(name + ".out"), new Configuration(),
                options.build());
    }

    @Test
    void theLongestLastTimeStartsFirstAndNewModulesBeforeThem() throws Exception {
        Optional<Path> cache = Optional.of(directory.resolve("cache"));
        List<ModuleRunner.ResolvedModule> modules = List.of(module("a", 300, cache), module("b", 100, cache),
                module("c", 200, cache), module("d", 50, cache), module("e", 400, Optional.empty()));
        assertEquals(List.of(4, 0, 2, 1, 3), ModuleTimes.longestFirst(modules), "never timed: by size");

        ModuleTimes.record(cache, new byte[300], Duration.ofMillis(500));
        ModuleTimes.record(cache, new byte[100], Duration.ofMillis(2000));
        ModuleTimes.record(cache, new byte[50], Duration.ofMillis(500));
        ModuleTimes.record(Optional.empty(), new byte[400], Duration.ofMillis(9000));

        assertEquals(List.of(4, 2, 1, 0, 3), ModuleTimes.longestFirst(modules),
                "e and c never timed, then b, then a and d in input order");
    }
}
