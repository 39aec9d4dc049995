package io.github.wasmsnapshot.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One of our temporary files, from its creation to its rename onto the output or its deletion ({@link #close()}).
 * Its name is short and of fixed length whatever the output's ({@code .wasm-snapshot-}, 16 hex digits,
 * {@code .tmp}: 35 characters), so it fits where the output's name does. A shutdown hook deletes the temporary files
 * still in flight when the JVM exits, on SIGINT and SIGTERM too; only SIGKILL or a crash leave one behind, which
 * {@link #deleteLeftovers} removes on the next run.
 */
final class TemporaryFile implements AutoCloseable {
    private static final String PREFIX = ".wasm-snapshot-";
    private static final String SUFFIX = ".tmp";
    private static final int NAME_LENGTH = PREFIX.length() + 16 + SUFFIX.length();

    /** The files in flight; also guards {@link #shuttingDown}. */
    private static final Set<Path> IN_FLIGHT = new HashSet<>();
    private static boolean shuttingDown;

    static {
        Runtime.getRuntime().addShutdownHook(
                new Thread(TemporaryFile::deleteInFlight, "wasm-snapshot temporary files"));
    }

    private final Path path;
    private final SeekableByteChannel channel;
    private boolean moved;

    private TemporaryFile(Path path, SeekableByteChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Creates a new file in {@code directory}, open for writing. It is created and registered under the lock the
     * shutdown hook takes, so the hook never misses one, and none is created once the hook has run. It is written
     * through the channel opened here, never reopened by name: a file the hook deleted cannot come back.
     */
    static TemporaryFile create(Path directory, FileAttribute<?>... attributes) throws IOException {
        synchronized (IN_FLIGHT) {
            if (shuttingDown) {
                throw new IOException("the JVM is shutting down");
            }
            while (true) {
                String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
                Path path = directory.resolve(PREFIX + random + SUFFIX);
                try {
                    SeekableByteChannel channel = Files.newByteChannel(path,
                            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes);
                    IN_FLIGHT.add(path);
                    return new TemporaryFile(path, channel);
                } catch (FileAlreadyExistsException taken) {
                    // another random name
                }
            }
        }
    }

    /** Whether {@code file} has the name of one of ours. */
    static boolean isNamed(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        return name.length() == NAME_LENGTH && name.startsWith(PREFIX) && name.endsWith(SUFFIX);
    }

    Path path() {
        return path;
    }

    void write(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Closes the file (a write error may surface only here) and renames it onto {@code target} in one step. */
    void moveTo(Path target) throws IOException {
        channel.close();
        Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        moved = true;
    }

    /** Deletes the file unless it was moved into place. */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
            if (!moved) {
                Files.deleteIfExists(path);
            }
        } finally {
            synchronized (IN_FLIGHT) {
                IN_FLIGHT.remove(path);
            }
        }
    }

    /** Deletes every temporary file of ours in {@code directory}: those a killed run left behind. */
    static void deleteLeftovers(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, TemporaryFile::isNamed)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    private static void deleteInFlight() {
        synchronized (IN_FLIGHT) {
            shuttingDown = true;
            for (Path path : IN_FLIGHT) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // the JVM is exiting: nobody is left to tell
                }
            }
        }
    }
}
