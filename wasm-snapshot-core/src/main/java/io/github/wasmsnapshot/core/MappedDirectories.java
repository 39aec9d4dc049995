package io.github.wasmsnapshot.core;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    /** Null where nothing is mapped: no file system is made, which saves WASI's start a tenth of a second. */
    private final LazyCopyFileSystem fileSystem;
    private final Map<String, Path> guestToCopy = new LinkedHashMap<>();

    private MappedDirectories(LazyCopyFileSystem fileSystem) {
        this.fileSystem = fileSystem;
    }

    static MappedDirectories copy(List<MappedDirectory> directories, Instant time) throws SnapshotException {
        if (directories.isEmpty()) {
            return new MappedDirectories(null);
        }
        FileTime fixed = FileTime.from(time);
        MappedDirectories mapped = new MappedDirectories(new LazyCopyFileSystem(Jimfs.newFileSystem(
                com.google.common.jimfs.Configuration.unix().toBuilder()
                        .setAttributeViews("unix")
                        .setFileTimeSource(() -> fixed)
                        .build())));
        int index = 0;
        for (MappedDirectory directory : directories) {
            Path copy = mapped.fileSystem.getPath("/mapped/" + index++);
            try {
                // in name order: the copies' inode numbers follow it
                DirectoryWalk.walk(directory.host(), new DirectoryWalk.Visitor() {
                    @Override
                    public void directory(String relative) throws IOException {
                        Files.createDirectories(copy.resolve(relative));
                    }

                    @Override
                    public void file(String relative, Path file) throws IOException {
                        mapped.fileSystem.createHostFile(copy.resolve(relative), HostFile.of(file));
                    }
                });
            } catch (IOException e) {
                mapped.close();
                throw cannotMap(directory, e);
            }
            mapped.guestToCopy.put(directory.guest(), copy);
        }
        return mapped;
    }

    /** Guest path to its copy, in the order given. */
    Map<String, Path> guestToCopy() {
        return guestToCopy;
    }

    @Override
    public void close() {
        if (fileSystem == null) {
            return;
        }
        try {
            fileSystem.close();
        } catch (IOException e) {
            throw new IllegalStateException("closing an in-memory file system", e);
        }
    }

    static SnapshotException cannotMap(MappedDirectory directory, IOException e) {
        return new SnapshotException("cannot map the directory " + directory.host() + " to " + directory.guest() + ": "
                + reason(e), e);
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
