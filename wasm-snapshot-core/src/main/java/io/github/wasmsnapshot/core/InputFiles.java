package io.github.wasmsnapshot.core;

import io.github.wasmsnapshot.core.binary.MalformedBinaryException;
import io.github.wasmsnapshot.core.binary.ModuleBinary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the modules the user names (the input file or stdin, the preloads, the plugin's modules), whole, failing
 * with a one-line message, for whatever the path or stream turns out to be.
 */
public final class InputFiles {
    /**
     * The largest module read: 1 GiB, the limit the WebAssembly JavaScript API sets for every engine (browsers
     * refuse larger modules). The binary format would allow 4 GiB and more, but Chicory holds the module in one
     * byte[] (at most 2 GiB) and decodes it into objects several times its size; and an endless stream
     * (/dev/zero) must end somewhere.
     */
    public static final int MAX_MODULE_SIZE = 1 << 30;
    private static final int HEADER_SIZE = 8;

    private InputFiles() {}

    public static byte[] read(Path file) throws SnapshotException {
        try {
            if (Files.isDirectory(file)) {
                throw new SnapshotException("is a directory, not a module");
            }
            if (!Files.isRegularFile(file)) {
                // a device, a pipe: its size says nothing
                try (InputStream in = Files.newInputStream(file)) {
                    return read(in);
                }
            }
            long size = Files.size(file);
            if (size > MAX_MODULE_SIZE) {
                throw tooLarge(size + " bytes, ");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SnapshotException("no such file", e);
        } catch (AccessDeniedException e) {
            throw new SnapshotException("permission denied", e);
        } catch (IOException e) {
            throw cannotRead(e);
        } catch (OutOfMemoryError e) {
            throw doesNotFit(e);
        }
    }

    /**
     * Reads {@code in} to its end; refuses a stream that does not start as a module at once, without reading on,
     * and one longer than {@link #MAX_MODULE_SIZE}.
     */
    public static byte[] read(InputStream in) throws SnapshotException {
        try {
            byte[] header = in.readNBytes(HEADER_SIZE);
            if (header.length == HEADER_SIZE) {
                ModuleBinary.checkHeader(header);
            }
            byte[] module = new SequenceInputStream(new ByteArrayInputStream(header), in)
                    .readNBytes(MAX_MODULE_SIZE + 1);
            if (module.length > MAX_MODULE_SIZE) {
                throw tooLarge("");
            }
            return module;
        } catch (MalformedBinaryException e) {
            throw new SnapshotException(e.getMessage(), e);
        } catch (IOException e) {
            throw cannotRead(e);
        } catch (OutOfMemoryError e) {
            throw doesNotFit(e);
        }
    }

    private static SnapshotException cannotRead(IOException e) {
        return new SnapshotException("cannot read it: " + e.getMessage(), e);
    }

    private static SnapshotException doesNotFit(OutOfMemoryError e) {
        return SnapshotException.outOfHeap("reading it", e);
    }

    /** {@code size}: what is known of it, for the message ("5000000000 bytes, "), or nothing. */
    private static SnapshotException tooLarge(String size) {
        return new SnapshotException("too large: " + size + "more than the 1 GiB (" + MAX_MODULE_SIZE
                + " bytes) a module may have");
    }
}
