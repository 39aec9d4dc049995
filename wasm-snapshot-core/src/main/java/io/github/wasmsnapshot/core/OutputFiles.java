package io.github.wasmsnapshot.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes an output where the user pointed, the way users expect, for the command line and the Maven plugin alike;
 * on any file system (the default one, or an in-memory one in tests).
 * <ul>
 * <li>A symbolic link is followed, chains included, and its target written; a dangling link creates its target.
 * <li>A new file, or an existing regular file, is replaced atomically: the bytes go to a temporary file that is
 *     renamed onto it, so a reader sees the old file or the new one, and a failure leaves the old one (or none).
 *     The replacement keeps the file's permissions, and its owner and group where we may set them (root may; others
 *     may give a group they belong to). A file we may not write is refused, as {@code cp} would refuse it.
 * <li>A file with several hard links: atomicity wins over the link. The name we were given gets the new bytes; the
 *     file's other names keep the old ones. Writing in place instead would keep the link but could leave a partial
 *     file under every name, and it would change the copies that backups ({@code cp -al}, rsnapshot) and caches
 *     share by hard links; linkers (GNU ld, wasm-ld) replace their outputs too.
 * <li>A writable file in a directory where we cannot create files is written in place: that gives up atomicity
 *     (a failure or a kill midway leaves a partial file, the old bytes are lost) to do what the user asked.
 * <li>Anything else, a device, a FIFO, a terminal, {@code /dev/stdout}, is opened and written as it is.
 * </ul>
 * Every failure is an {@link IOException} whose message is one line for the user: {@code cannot write PATH: why}.
 */
public final class OutputFiles {
    /** As many as Linux follows. */
    private static final int MAX_SYMBOLIC_LINKS = 40;

    private OutputFiles() {}

    /** Writes {@code bytes} to {@code target}; a temporary file, if one is needed, goes beside it. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes, null);
    }

    /**
     * Writes {@code bytes} to {@code target}; a temporary file, if one is needed, goes to {@code temporaryDirectory}
     * (created if missing), so that none is ever in the output's directory. If that directory is on another file
     * system, which a rename cannot cross, the temporary file goes beside the target after all.
     */
    public static void write(Path target, byte[] bytes, Path temporaryDirectory) throws IOException {
        try {
            writeResolved(target.toAbsolutePath(), bytes, temporaryDirectory);
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + why(target, e), e);
        }
    }

    /**
     * Deletes the temporary files that a run killed by SIGKILL or a crash left in {@code temporaryDirectory}. Call it
     * before writing: it deletes every one of ours there, so the directory must not be shared with a run in flight.
     */
    public static void deleteTemporaryFiles(Path temporaryDirectory) throws IOException {
        TemporaryFile.deleteLeftovers(temporaryDirectory);
    }

    private static void writeResolved(Path target, byte[] bytes, Path temporaryDirectory) throws IOException {
        Path path = target;
        for (int links = 0; Files.isSymbolicLink(path); links++) {
            if (links == MAX_SYMBOLIC_LINKS) {
                throw new FileSystemException(path.toString(), null, "Too many levels of symbolic links");
            }
            if (isOpenFileLink(path)) {
                writeInPlace(path, bytes);
                return;
            }
            path = path.resolveSibling(Files.readSymbolicLink(path));
        }
        BasicFileAttributes existing = attributes(path);
        if (existing == null) {
            Files.createDirectories(path.getParent());
            replace(path, bytes, null, temporaryDirectory);
        } else if (existing.isDirectory()) {
            throw new FileSystemException(path.toString(), null, "Is a directory");
        } else if (!existing.isRegularFile()) {
            writeInPlace(path, bytes);
        } else if (!Files.isWritable(path)) {
            throw new AccessDeniedException(path.toString());
        } else if (!Files.isWritable(path.getParent())) {
            writeInPlace(path, bytes);
        } else {
            replace(path, bytes, existing, temporaryDirectory);
        }
    }

    /**
     * The kernel's links to open files ({@code /dev/stdout -> /proc/self/fd/1}, {@code /dev/fd/N}) name a file
     * descriptor, not a path (their text may be {@code pipe:[1234]}): writing through them reaches what the
     * descriptor refers to, as the user means.
     */
    private static boolean isOpenFileLink(Path link) throws IOException {
        return Files.getFileStore(link.getParent()).type().equals("proc");
    }

    /** The file's attributes, POSIX ones where the file system has them; null if there is no file. */
    private static BasicFileAttributes attributes(Path path) throws IOException {
        Class<? extends BasicFileAttributes> type = path.getFileSystem().supportedFileAttributeViews()
                .contains("posix") ? PosixFileAttributes.class : BasicFileAttributes.class;
        try {
            return Files.readAttributes(path, type, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void replace(Path path, byte[] bytes, BasicFileAttributes existing, Path temporaryDirectory)
            throws IOException {
        Path beside = path.getParent();
        if (temporaryDirectory == null) {
            replaceVia(beside, path, bytes, existing);
            return;
        }
        Files.createDirectories(temporaryDirectory);
        try {
            replaceVia(temporaryDirectory, path, bytes, existing);
        } catch (AtomicMoveNotSupportedException otherFileSystem) {
            replaceVia(beside, path, bytes, existing);
        }
    }

    private static void replaceVia(Path directory, Path path, byte[] bytes, BasicFileAttributes existing)
            throws IOException {
        try (TemporaryFile temporary = TemporaryFile.create(directory, newFilePermissions(directory))) {
            temporary.write(bytes);
            if (existing instanceof PosixFileAttributes posix) {
                keepOwnerAndPermissions(temporary.path(), posix);
            }
            temporary.moveTo(path);
        }
    }

    /** rw-rw-rw- less the umask, as any new file gets: a temporary file would be only the owner's. */
    private static FileAttribute<?>[] newFilePermissions(Path directory) {
        if (!directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-rw-"))
        };
    }

    /**
     * The replacement is the same file to its users. Only root may give a file away and only a member may give it
     * a group: where we may not, the replacement stays ours, as a file we create would be.
     */
    private static void keepOwnerAndPermissions(Path file, PosixFileAttributes old) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return; // a temporary directory on another kind of file system, which the rename will refuse
        }
        PosixFileAttributes current = view.readAttributes();
        try {
            if (!current.group().equals(old.group())) {
                view.setGroup(old.group());
            }
            if (!current.owner().equals(old.owner())) {
                view.setOwner(old.owner());
            }
        } catch (FileSystemException notPermitted) {
            // keep ours, as above
        }
        view.setPermissions(old.permissions());
    }

    /** Opens what is there and writes it: no temporary file, so a failure midway leaves a part of the bytes. */
    private static void writeInPlace(Path path, byte[] bytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(bytes);
        }
    }

    /**
     * The failure in one line, naming the file it concerns where that is not the target; for our temporary file,
     * the directory it was in, since its random name means nothing to the user.
     */
    private static String why(Path target, IOException e) {
        if (!(e instanceof FileSystemException failure)) {
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        String reason = failure.getReason() != null ? failure.getReason()
                : failure instanceof AccessDeniedException ? "Permission denied"
                : failure instanceof NoSuchFileException ? "No such file or directory"
                : failure instanceof FileAlreadyExistsException ? "File exists"
                : failure.getClass().getSimpleName();
        if (failure.getFile() == null) {
            return reason;
        }
        Path file = target.getFileSystem().getPath(failure.getFile());
        if (TemporaryFile.isNamed(file)) {
            file = file.getParent();
        }
        return file.equals(target) || file.equals(target.toAbsolutePath()) ? reason : file + ": " + reason;
    }
}
