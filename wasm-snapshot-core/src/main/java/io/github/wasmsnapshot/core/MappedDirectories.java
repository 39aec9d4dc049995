package io.github.wasmsnapshot.core;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The mapped host directories as the initializer sees them: copies in an in-memory file system,
 * so the initializer cannot change the host, and neither host timestamps (every time is the
 * given instant, also for files the initializer writes) nor the host's listing order (listings
 * are sorted by name) can reach the snapshot. Symbolic links are followed; other special files
 * are left out.
 */
final class MappedDirectories implements Closeable {
    private final FileSystem fileSystem;
    private final Map<String, Path> guestToCopy = new LinkedHashMap<>();

    private MappedDirectories(Instant time) {
        FileTime fixed = FileTime.from(time);
        this.fileSystem = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("unix")
                .setFileTimeSource(() -> fixed)
                .build());
    }

    static MappedDirectories copy(Map<String, Path> guestToHost, Instant time) throws SnapshotException {
        MappedDirectories mapped = new MappedDirectories(time);
        int index = 0;
        for (var entry : guestToHost.entrySet()) {
            Path copy = mapped.fileSystem.getPath("/mapped/" + index++);
            try {
                Path host = entry.getValue();
                if (!Files.isDirectory(host)) {
                    throw Files.exists(host) ? new NotDirectoryException(host.toString())
                            : new NoSuchFileException(host.toString());
                }
                copyTree(entry.getValue(), copy, new HashSet<>());
            } catch (IOException e) {
                mapped.close();
                throw new SnapshotException("cannot map the directory " + entry.getValue() + " to "
                        + entry.getKey() + ": " + reason(e), e);
            }
            mapped.guestToCopy.put(entry.getKey(), copy);
        }
        return mapped;
    }

    /** Guest path to its copy, in the order given. */
    Map<String, Path> guestToCopy() {
        return guestToCopy;
    }

    @Override
    public void close() {
        try {
            fileSystem.close();
        } catch (IOException e) {
            throw new IllegalStateException("closing an in-memory file system", e);
        }
    }

    private static void copyTree(Path host, Path copy, Set<Path> ancestors) throws IOException {
        if (Files.isDirectory(host)) {
            Path real = host.toRealPath();
            if (!ancestors.add(real)) {
                throw new IOException("symbolic link loop at " + host);
            }
            Files.createDirectories(copy);
            List<Path> children;
            try (Stream<Path> listing = Files.list(host)) {
                children = listing.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
            }
            for (Path child : children) {
                copyTree(child, copy.resolve(child.getFileName().toString()), ancestors);
            }
            ancestors.remove(real);
        } else if (Files.isRegularFile(host)) {
            Files.copy(host, copy);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException missing) {
            return "no such directory " + missing.getFile();
        }
        if (e instanceof NotDirectoryException notDirectory) {
            return "not a directory: " + notDirectory.getFile();
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        return e.toString();
    }
}
