package io.github.wasmsnapshot.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * A regular file of a mapped host directory as it was at the start: where it really is (symbolic
 * links resolved), its size, modification time and identity (device and inode). Its contents are
 * read only when the initializer reads them, so every opening checks that the file is still that
 * one; if not, the initialization fails with {@link Unreadable} rather than snapshot contents that
 * a run on an unchanged tree would not have seen.
 */
record HostFile(Path path, long size, FileTime modified, Object identity) {
    private static final int COPY_BUFFER = 1 << 16;

    static HostFile of(Path host) throws IOException {
        Path real = host.toRealPath();
        if (!Files.isReadable(real)) {
            // refused at the start, as copying it would be
            throw new AccessDeniedException(host.toString());
        }
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
        return new HostFile(real, attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
    }

    /** A channel on the contents, checked to be those of the start. */
    FileChannel open() {
        FileChannel channel = null;
        boolean unchanged = false;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            // Checked once open: what the channel reads is the file checked, even if the path is replaced since.
            BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class);
            unchanged = now.isRegularFile() && now.size() == size && now.lastModifiedTime().equals(modified)
                    && Objects.equals(now.fileKey(), identity);
        } catch (NoSuchFileException e) {
            // gone since the start: changed
        } catch (IOException e) {
            throw new Unreadable("cannot read the host file " + path + " of a mapped directory: " + e, e);
        } finally {
            if (!unchanged && channel != null) {
                closeQuietly(channel);
            }
        }
        if (!unchanged) {
            throw changed();
        }
        return channel;
    }

    /**
     * Reads from {@code source}, a channel {@link #open} gave, at {@code position} into {@code dst} as a
     * read of the copy made at the start would: never past the size of then.
     */
    int read(FileChannel source, ByteBuffer dst, long position) {
        if (position >= size) {
            return -1;
        }
        ByteBuffer window = dst.remaining() > size - position ? dst.slice().limit((int) (size - position)) : dst;
        int read;
        try {
            read = source.read(window, position);
        } catch (IOException e) {
            throw new Unreadable("cannot read the host file " + path + " of a mapped directory: " + e, e);
        }
        if (read < 0) {
            // shorter than at the start
            throw changed();
        }
        if (window != dst) {
            dst.position(dst.position() + read);
        }
        return read;
    }

    /** Writes the contents into {@code target} from its start. */
    void copyTo(FileChannel target) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, COPY_BUFFER));
        try (FileChannel source = open()) {
            for (long position = 0; position < size; ) {
                buffer.clear();
                read(source, buffer, position);
                buffer.flip();
                while (buffer.hasRemaining()) {
                    position += target.write(buffer, position);
                }
            }
        }
    }

    private Unreadable changed() {
        return new Unreadable("the host file " + path + " of a mapped directory changed after initialization"
                + " started", null);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was read from it
        }
    }

    /**
     * The initializer read a host file that changed after the start or that cannot be read: it fails
     * the initialization (WASI would turn an {@link IOException} into an error code the initializer may
     * ignore, and the snapshot would then depend on it).
     */
    static final class Unreadable extends RuntimeException {
        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
