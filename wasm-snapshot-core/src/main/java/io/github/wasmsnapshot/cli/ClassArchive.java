package io.github.wasmsnapshot.cli;

import io.github.wasmsnapshot.core.UserCache;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A class-data sharing archive of the command line's classes for the forked JVM, one per jar and JDK, in the user's
 * cache directory. JDK 19 and later make it themselves when it is missing or stale; JDK 17 dumps it at the exit of
 * a run into a file of its own, published by renaming, so that runs at once never see half an archive. The JVM checks
 * an archive against its class path and version before it uses it.
 */
final class ClassArchive {
    private final Path archive;
    private final Path dump;

    private ClassArchive(Path archive, Path dump) {
        this.archive = archive;
        this.dump = dump;
    }

    static Optional<ClassArchive> of(Path jar, Map<String, String> environment) {
        Optional<Path> cache = UserCache.directory(environment);
        if (cache.isEmpty()) {
            return Optional.empty();
        }
        try {
            String name = jar.getFileName() + "-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis()
                    + "-java" + Runtime.version().feature() + ".jsa";
            Path archive = cache.get().resolve("class-archives").resolve(name);
            Files.createDirectories(archive.getParent());
            boolean dumps = Runtime.version().feature() < 19 && !Files.isRegularFile(archive);
            return Optional.of(new ClassArchive(archive, dumps
                    ? archive.resolveSibling("." + name + "." + UUID.randomUUID() + ".tmp") : null));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    List<String> options() {
        if (Runtime.version().feature() >= 19) {
            return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive);
        }
        return dump != null ? List.of("-XX:ArchiveClassesAtExit=" + dump) : List.of("-XX:SharedArchiveFile=" + archive);
    }

    /** After the run: the archive it dumped, if any, takes its place. */
    void publish() {
        if (dump == null || !Files.isRegularFile(dump)) {
            return;
        }
        try {
            try {
                Files.move(dump, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(dump, archive, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(dump);
            } catch (IOException ignored) {
                // a leftover in a cache directory, replaced by the next run's
            }
        }
    }
}
