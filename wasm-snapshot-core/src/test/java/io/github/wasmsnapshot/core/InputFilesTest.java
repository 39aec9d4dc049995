package io.github.wasmsnapshot.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.wasmsnapshot.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever a path or stream turns out to be, reading a module from it gives the module or one line. */
class InputFilesTest {
    @TempDir
    Path dir;

    /** Zeros, without end. */
    private static final class Endless extends InputStream {
        @Override
        public int read() {
            return 0;
        }
    }

    private String refusal(Path file) {
        return assertThrows(SnapshotException.class, () -> InputFiles.read(file)).getMessage();
    }

    @Test
    void aModuleIsReadWhole() throws Exception {
        byte[] module = Fixtures.load("primes");

        assertArrayEquals(module, InputFiles.read(Files.write(dir.resolve("primes.wasm"), module)));
        assertArrayEquals(module, InputFiles.read(new ByteArrayInputStream(module)));
    }

    @Test
    void aMissingFileOrADirectoryIsNamedSo() {
        assertEquals("no such file", refusal(dir.resolve("missing.wasm")));
        assertEquals("is a directory, not a module", refusal(dir));
    }

    @Test
    void anUnreadableFileIsNamedSo() throws Exception {
        Path file = Files.write(dir.resolve("secret.wasm"), Fixtures.load("primes"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));
        Assumptions.assumeFalse(Files.isReadable(file), "root reads every file");

        assertEquals("permission denied", refusal(file));
    }

    @Test
    void aFileOverTheLimitIsRefusedUnread() throws Exception {
        Path huge = dir.resolve("huge.wasm");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(3L << 30); // sparse: nothing is written
        }

        assertEquals("too large: 3221225472 bytes, more than the 1 GiB (1073741824 bytes) a module may have",
                refusal(huge));
    }

    @Test
    void anEndlessStreamThatIsNoModuleIsRefusedAtOnce() {
        var e = assertThrows(SnapshotException.class, () -> InputFiles.read(new Endless()));

        assertEquals("not a WebAssembly binary: it does not start with the magic bytes \\0asm (byte offset 0)",
                e.getMessage());
    }

    @Test
    void aDeviceIsReadAsAStream() {
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(Files.isReadable(zero));

        assertEquals("not a WebAssembly binary: it does not start with the magic bytes \\0asm (byte offset 0)",
                refusal(zero));
    }
}
