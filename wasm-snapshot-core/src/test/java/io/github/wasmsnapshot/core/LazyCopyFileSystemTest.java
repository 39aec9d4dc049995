package io.github.wasmsnapshot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Chicory's WASI does not reach but a file system must still get right: every way to ask for a
 * size, channel operations beyond reads at a position, and copies, of files whose contents are still
 * on the host.
 */
class LazyCopyFileSystemTest {
    private static final String TEXT = "hello, world\n";
    private static final Long SIZE = (long) TEXT.length();

    @TempDir
    Path temp;

    private MappedDirectories mapped;
    private Path hello;
    private Path other;

    @BeforeEach
    void map() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"));
        Files.writeString(data.resolve("hello.txt"), TEXT);
        Files.writeString(data.resolve("other.txt"), "other");
        Files.writeString(data.resolve("truncated.txt"), "long gone");
        mapped = MappedDirectories.copy(List.of(new MappedDirectory("data", data)), Instant.EPOCH);
        hello = mapped.guestToCopy().get("data").resolve("hello.txt");
        other = hello.resolveSibling("other.txt");
    }

    @AfterEach
    void close() {
        mapped.close();
    }

    @Test
    void everySizeIsTheHostFiles() throws IOException {
        assertEquals(SIZE, Files.size(hello));
        assertEquals(SIZE, Files.readAttributes(hello, PosixFileAttributes.class).size());
        assertEquals(SIZE, Files.readAttributes(hello, "unix:*").get("size"));
        assertEquals(SIZE, Files.getAttribute(hello, "posix:size"));
        assertEquals(SIZE, Files.getFileAttributeView(hello, BasicFileAttributeView.class)
                .readAttributes().size());
        try (FileChannel channel = FileChannel.open(hello)) {
            assertEquals(SIZE, channel.size());
        }
    }

    @Test
    void aChannelReadsAsOnACopy() throws IOException {
        try (FileChannel channel = FileChannel.open(hello)) {
            ByteBuffer first = ByteBuffer.allocate(5);
            ByteBuffer second = ByteBuffer.allocate(100);
            assertEquals(TEXT.length(), channel.read(new ByteBuffer[] {first, second}));
            assertEquals(TEXT.length(), channel.position());
            assertEquals(-1, channel.read(ByteBuffer.allocate(1)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(5, channel.transferTo(7, 5, Channels.newChannel(out)));
            assertEquals("world", out.toString(StandardCharsets.US_ASCII));
            assertEquals(0, channel.transferTo(100, 5, Channels.newChannel(out)));
            assertThrows(NonWritableChannelException.class, () -> channel.write(ByteBuffer.allocate(1)));
        }
    }

    @Test
    void aCopyOfAFileStillOnTheHostHasItsContents() throws IOException {
        Path copy = hello.resolveSibling("copy.txt");
        Files.copy(hello, copy);
        assertEquals(TEXT, Files.readString(copy));
        Files.writeString(hello, "changed");
        assertEquals(TEXT, Files.readString(copy));
        assertEquals("changed", Files.readString(hello));
    }

    @Test
    void writingFillsTheCopyFirstUnlessItTruncates() throws IOException {
        write(hello, "J", StandardOpenOption.WRITE);
        assertEquals("Jello, world\n", Files.readString(hello));
        write(other, "!", StandardOpenOption.APPEND);
        assertEquals("other!", Files.readString(other));
        write(hello.resolveSibling("truncated.txt"), "new", StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        assertEquals("new", Files.readString(hello.resolveSibling("truncated.txt")));
    }

    private static void write(Path path, String text, StandardOpenOption... options) throws IOException {
        try (FileChannel channel = FileChannel.open(path, options)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
        }
    }
}
