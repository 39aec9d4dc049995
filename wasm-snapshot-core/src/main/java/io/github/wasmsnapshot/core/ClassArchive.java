package io.github.wasmsnapshot.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * A class-data sharing archive of a {@link TunedJvm}'s classes, one per class path and JDK, in the user's cache
 * directory: named after the class path's first entry and a hash of every entry's path, size and modification time
 * and of the JDK, so that a rebuilt jar or another JDK gets an archive of its own. JDK 19 and later make it themselves
 * when it is missing or stale; JDK 17 dumps it at the exit of a run into a file of its own, published by renaming, so
 * that runs at once never see half an archive. The JVM checks an archive against its class path and version before
 * it uses it. Class-data sharing takes jars only: a class path with a directory (as in a build's tests) gets none.
 */
final class ClassArchive {
    private final Path archive;
    private final Path dump;

    private ClassArchive(Path archive, Path dump) {
        this.archive = archive;
        this.dump = dump;
    }

    static Optional<ClassArchive> of(List<Path> classPath, Path cacheDirectory) {
        if (classPath.isEmpty() || !classPath.stream().allMatch(Files::isRegularFile)) {
            return Optional.empty();
        }
        try {
            String name = classPath.get(0).getFileName() + "-" + key(classPath) + ".jsa";
            Path archive = cacheDirectory.resolve("class-archives").resolve(name);
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

    /** After a run that ended by itself: the archive it dumped, if any, takes its place. */
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
            delete();
        }
    }

    /** After a run that was stopped: what it may have begun to dump is not to be trusted. */
    void discard() {
        if (dump != null) {
            delete();
        }
    }

    private void delete() {
        try {
            Files.deleteIfExists(dump);
        } catch (IOException ignored) {
            // a leftover in a cache directory, replaced by the next run's
        }
    }

    /**
     * The hex digits of a CRC-32 over the JDK and each entry's path, size and modification time: cheap in the command
     * line's first JVM, where a message digest's provider costs more than the rest of this class (the JVM checks an
     * archive against its class path before it uses it, so two class paths that meet in a name only take turns).
     */
    private static String key(List<Path> classPath) throws IOException {
        StringBuilder text = new StringBuilder(System.getProperty("java.home") + "\n" + Runtime.version() + "\n");
        for (Path entry : classPath) {
            text.append(entry.toAbsolutePath()).append('\n').append(Files.size(entry)).append('\n')
                    .append(Files.getLastModifiedTime(entry).toMillis()).append('\n');
        }
        CRC32 crc = new CRC32();
        crc.update(text.toString().getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }
}
