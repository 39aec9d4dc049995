package io.github.wasmsnapshot.core;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
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
 * The mapped host directories as the initializer sees them: copies, so that the initializer cannot
 * change the host, and neither host timestamps (every time is the given instant, also for files the
 * initializer writes) nor the host's listing order (listings are sorted by name) can reach the
 * snapshot. Symbolic links are followed (a loop is refused); other special files are left out.
 *
 * <p>The copies cost what the initializer reads and writes, not what the trees hold. At the start,
 * each tree's structure is copied into an in-memory file system (jimfs): every directory, and every
 * regular file as an empty file that stands for the host file ({@link HostFile}: its real path,
 * size, time and identity). The initializer sees that file system through a {@link
 * LazyCopyFileSystem}, which gives such a file the host file's size, reads it from the host when
 * it is opened for reading, and fills it from the host when it is first opened for writing (unless
 * truncated), after which it is an ordinary in-memory file. So listings, times, inode numbers,
 * links, renames and deletions are jimfs's, created in the same order as a full copy's, and the
 * initializer observes exactly what a full copy would show; only a file it writes costs memory.
 * Jimfs has neither sparse nor lazily filled files, and Chicory's WASI reaches files only through
 * their paths' provider, so a provider that forwards to jimfs and answers for the untouched files
 * is the least that keeps every other behaviour as it was.
 *
 * <p>Contents are read from the host when the initializer reads them, not at the start. So that a
 * change on the host in between cannot reach the snapshot, every opening of a host file checks that
 * its size, modification time and identity (device and inode) are those of the start, and reads stop
 * at the size of the start: opening a file changed, removed or made unreadable since fails the
 * initialization. A change that keeps all three (bytes rewritten in place within the host's timestamp
 * resolution while the initializer runs) goes unnoticed, as it would by a build tool that compares
 * times.
 */
final class MappedDirectories implements Closeable {
    private final LazyCopyFileSystem fileSystem;
    private final Map<String, Path> guestToCopy = new LinkedHashMap<>();

    private MappedDirectories(Instant time) {
        FileTime fixed = FileTime.from(time);
        this.fileSystem = new LazyCopyFileSystem(Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("unix")
                .setFileTimeSource(() -> fixed)
                .build()));
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
                mapped.copyTree(host, copy, new HashSet<>());
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

    /** Copies the structure in name order: the copies' inode numbers follow it. */
    private void copyTree(Path host, Path copy, Set<Path> ancestors) throws IOException {
        if (Files.isDirectory(host)) {
            Path real = host.toRealPath();
            if (!ancestors.add(real)) {
                throw new FileSystemLoopException(host.toString());
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
            fileSystem.createHostFile(copy, HostFile.of(host));
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemLoopException loop) {
            return "symbolic link loop at " + loop.getFile();
        }
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
