package io.github.wasmsnapshot.core;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        this.fileSystem = Jimfs.newFileSystem(com.google.common.jimfs.Configuration.unix().toBuilder()
                .setAttributeViews("unix")
                .setFileTimeSource(() -> fixed)
                .build());
    }

    static MappedDirectories copy(List<MappedDirectory> directories, Instant time) throws SnapshotException {
        MappedDirectories mapped = new MappedDirectories(time);
        int index = 0;
        for (MappedDirectory directory : directories) {
            Path copy = mapped.fileSystem.getPath("/mapped/" + index++);
            try {
                DirectoryWalk.walk(directory.host(), new DirectoryWalk.Visitor() {
                    @Override
                    public void directory(String relative) throws IOException {
                        Files.createDirectories(copy.resolve(relative));
                    }

                    @Override
                    public void file(String relative, Path file) throws IOException {
                        Files.copy(file, copy.resolve(relative));
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
