package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.wasi;
import static io.github.wasmsnapshot.testing.Fixtures.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mapped directory as files.wasm's initializers see and change it (see files.c): what they observe is what an
 * in-memory copy made at the start shows, inode numbers included, and the host never changes.
 */
class MappedDirectoriesTest {
    /** Every file time is the clock start, unless the initializer sets one. */
    private static final String TIMES = " atime=946684800.000000000 mtime=946684800.000000000"
            + " ctime=946684800.000000000";

    @TempDir
    Path temp;

    @Test
    void theInitializerSeesTheTreeAsItWasAtTheStart() throws Exception {
        assertEquals("""
                data dir size=0 ino=3 nlink=5@
                data/M.txt file size=1 ino=4 nlink=1@ head=M
                data/a.txt file size=6 ino=5 nlink=1@ head=abcdef
                data/empty dir size=0 ino=6 nlink=2@
                data/hello.txt file size=25 ino=7 nlink=1@ head=hello, world\\x0asec tail=nd line\\x0a
                data/link-to-hello file size=25 ino=8 nlink=1@ head=hello, world\\x0asec tail=nd line\\x0a
                data/link-to-sub dir size=0 ino=9 nlink=2@
                data/link-to-sub/1 file size=1 ino=10 nlink=1@ head=1
                data/link-to-sub/2 file size=1 ino=11 nlink=1@ head=2
                data/sub dir size=0 ino=12 nlink=2@
                data/sub/1 file size=1 ino=13 nlink=1@ head=1
                data/sub/2 file size=1 ino=14 nlink=1@ head=2
                data/z.txt file size=4 ino=15 nlink=1@ head=zzzz
                """.replace("@", TIMES), run("tour", dataDirectory()));
    }

    @Test
    void theInitializerChangesItsCopyNeverTheHost() throws Exception {
        Path data = dataDirectory();
        Map<String, String> host = describe(data);
        assertEquals("""
                read a.txt=ok
                pwrite a.txt=ok
                read on a.txt=XYdef
                unlink sub/2=ok
                read unlinked sub/2=2
                append M.txt=ok
                truncate z.txt=ok
                shrink hello.txt=ok
                grow link-to-hello=ok
                create a.txt exclusively=File exists
                set times of sub/1=ok
                data/sub/1 file size=1 ino=13 nlink=1 atime=1234.000000005 mtime=5678.000000009 \
                ctime=946684800.000000000
                read sub/1=1
                data/sub/1 file size=1 ino=13 nlink=1 atime=946684800.000000000 mtime=5678.000000009 \
                ctime=946684800.000000000
                mkdir new=ok
                create new/created.txt=ok
                rename sub to moved=ok
                rename M.txt to new/M2.txt=ok
                link moved/1 as one-hard=ok
                symlink moved/1 as one-soft=ok
                rmdir link-to-sub=Directory not empty
                unlink link-to-sub/1=ok
                unlink link-to-sub/2=ok
                rmdir link-to-sub=ok
                data dir size=0 ino=3 nlink=5@
                data/a.txt file size=6 ino=5 nlink=1@ head=aXYdef
                data/empty dir size=0 ino=6 nlink=2@
                data/hello.txt file size=5 ino=7 nlink=1@ head=hello
                data/link-to-hello file size=30 ino=8 nlink=1@ head=hello, world\\x0asec \
                tail=ne\\x0a\\x00\\x00\\x00\\x00!
                data/moved dir size=0 ino=12 nlink=2@
                data/moved/1 file size=1 ino=13 nlink=2 atime=946684800.000000000 mtime=5678.000000009 \
                ctime=946684800.000000000 head=1
                data/new dir size=0 ino=16 nlink=2@
                data/new/M2.txt file size=6 ino=4 nlink=1@ head=M+more
                data/new/created.txt file size=7 ino=17 nlink=1@ head=created
                data/one-hard file size=1 ino=13 nlink=2 atime=946684800.000000000 mtime=5678.000000009 \
                ctime=946684800.000000000 head=1
                data/one-soft link size=0 ino=18 nlink=1@ head=1
                data/z.txt file size=5 ino=15 nlink=1@ head=short
                """.replace("@", TIMES), run("edit", data));
        assertEquals(host, describe(data));
    }

    @Test
    void aSymbolicLinkLoopIsRefusedAtTheStart() throws Exception {
        Path data = dataDirectory();
        Files.createSymbolicLink(data.resolve("empty/loop"), data);
        var e = assertThrows(SnapshotException.class, () -> run("tour", data));
        assertEquals("cannot map the directory " + data + " to data: symbolic link loop at "
                + data.resolve("empty/loop"), e.getMessage());
    }

    @Test
    void aFileCostsNothingUntilReadHoweverLarge() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"));
        Files.writeString(data.resolve("hello.txt"), "hello, world\n");
        // Sparse, and larger than the heap (and than jimfs's 4 GiB): a copy could not be made.
        long size = Math.max(3L << 30, Runtime.getRuntime().maxMemory() + (1L << 30));
        try (RandomAccessFile big = new RandomAccessFile(data.resolve("big.bin").toFile(), "rw")) {
            big.setLength(size);
            big.seek(size - 8);
            big.write("the end!".getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals("stat big.bin=ok\nsize=" + size + " end=" + size + " tail=the end!\nhello.txt=hello, world\\x0a\n",
                run("peek", data));
    }

    @Test
    void aHostFileChangedAfterTheStartFailsTheInitializerThatReadsIt() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"));
        Path hello = Files.writeString(data.resolve("hello.txt"), "hello, world\n");
        FileTime start = Files.getLastModifiedTime(hello);
        String changed = "the init function `peek` failed: the host file " + hello.toRealPath()
                + " of a mapped directory changed after initialization started";
        assertEquals(changed, failureAfter(data, () -> Files.writeString(hello, "more", StandardOpenOption.APPEND)));
        Files.writeString(hello, "hello, world\n");
        assertEquals(changed, failureAfter(data, () -> {
            Files.writeString(hello, "HELLO, WORLD\n");
            Files.setLastModifiedTime(hello, FileTime.from(start.toInstant().plusSeconds(1)));
        }));
        assertEquals(changed, failureAfter(data, () -> Files.delete(hello)));
    }

    /** The message of the failure of {@code peek} when the host changes as it begins. */
    private String failureAfter(Path data, HostChange change) {
        SnapshotListener listener = new SnapshotListener() {
            @Override
            public void stdout(String line) {
                try {
                    change.apply();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        // On one engine, what the initializer writes reaches the listener as it writes it.
        SnapshotOptions options = SnapshotOptions.builder().withInitFunction("peek").withEngine(Engine.INTERPRETER)
                .withWasi(WasiConfig.builder().withDirectory(new MappedDirectory("data", data)).build()).build();
        return assertThrows(SnapshotException.class, () -> new WasmSnapshot(options, listener)
                .run(wasi("files.wasm"))).getMessage();
    }

    private interface HostChange {
        void apply() throws IOException;
    }

    private String run(String init, Path data) throws SnapshotException {
        SnapshotOptions options = SnapshotOptions.builder().withInitFunction(init)
                .withWasi(WasiConfig.builder().withDirectory(new MappedDirectory("data", data)).build()).build();
        return seen(new WasmSnapshot(options).run(wasi("files.wasm")).output());
    }

    /**
     * Files written out of name order, a file long enough to have a distinct end, symbolic links to a file and to a
     * directory (followed), a dangling one and a socket (both left out), and an empty directory.
     */
    private Path dataDirectory() throws IOException {
        Path data = Files.createDirectories(temp.resolve("data"));
        Files.writeString(data.resolve("z.txt"), "zzzz");
        Files.writeString(data.resolve("hello.txt"), "hello, world\nsecond line\n");
        Files.writeString(data.resolve("a.txt"), "abcdef");
        Files.writeString(data.resolve("M.txt"), "M");
        Files.createDirectories(data.resolve("sub"));
        Files.writeString(data.resolve("sub/2"), "2");
        Files.writeString(data.resolve("sub/1"), "1");
        Files.createDirectories(data.resolve("empty"));
        Files.createSymbolicLink(data.resolve("link-to-hello"), Path.of("hello.txt"));
        Files.createSymbolicLink(data.resolve("link-to-sub"), data.resolve("sub"));
        Files.createSymbolicLink(data.resolve("dangling"), Path.of("missing"));
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(data.resolve("socket")));
        }
        // Times in the past, so that a write would show.
        try (Stream<Path> tree = Files.walk(data)) {
            for (Path path : tree.toList()) {
                if (!Files.isSymbolicLink(path)) {
                    Files.setLastModifiedTime(path, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
                }
            }
        }
        return data;
    }

    /** Every entry under {@code root} (links not followed): its modification time and a regular file's contents. */
    private static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> description = new TreeMap<>();
        try (Stream<Path> tree = Files.walk(root)) {
            tree.forEach(path -> {
                try {
                    String contents = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                            ? new String(Files.readAllBytes(path), StandardCharsets.UTF_8) : "";
                    description.put(root.relativize(path).toString(),
                            Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS) + " " + contents);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return description;
    }
}
