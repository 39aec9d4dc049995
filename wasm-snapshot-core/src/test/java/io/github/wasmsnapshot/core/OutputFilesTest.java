package io.github.wasmsnapshot.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.github.wasmsnapshot.testing.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Outputs are written where the user pointed, atomically where a temporary file can be used, and never half. */
class OutputFilesTest {
    private static final byte[] OLD = "old bytes".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEW = "the new module".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    /** Readers of FIFOs and pipes; a reader left blocked by a failing test must not keep the JVM alive. */
    private final ExecutorService readers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "reader");
        thread.setDaemon(true);
        return thread;
    });

    @AfterEach
    void stopReaders() {
        readers.shutdownNow();
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    private static Object inode(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    @Test
    void aNewFileIsCreatedWithItsDirectories() throws Exception {
        Path output = dir.resolve("a/b/out.wasm");

        OutputFiles.write(output, NEW);

        assertArrayEquals(NEW, Files.readAllBytes(output));
        assertEquals(List.of(output), list(output.getParent()), "no temporary file left");
    }

    @Test
    void aRegularFileIsReplacedAndKeepsItsPermissions() throws Exception {
        Path output = Files.write(dir.resolve("out.wasm"), OLD);
        Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rw-r-----"));
        Object before = inode(output);

        OutputFiles.write(output, NEW);

        assertArrayEquals(NEW, Files.readAllBytes(output));
        assertNotEquals(before, inode(output), "replaced by a rename, not rewritten");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(output)));
        assertEquals(List.of(output), list(dir));
    }

    /** The user and group id of nobody (and nogroup) on Linux. */
    private static final String NOBODY = "65534";

    /** Only root may give a file away: elsewhere the replacement is the writer's, like any file it creates. */
    @Test
    void aReplacedFileKeepsItsOwnerAndGroup() throws Exception {
        Path output = Files.write(dir.resolve("out.wasm"), OLD);
        PosixFileAttributeView view = Files.getFileAttributeView(output, PosixFileAttributeView.class);
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        try {
            view.setOwner(users.lookupPrincipalByName(NOBODY));
            view.setGroup(users.lookupPrincipalByGroupName(NOBODY));
        } catch (IOException notRoot) {
            Assumptions.abort("only root may give a file to nobody: " + notRoot);
        }

        OutputFiles.write(output, NEW);

        assertArrayEquals(NEW, Files.readAllBytes(output));
        assertEquals(Integer.parseInt(NOBODY), Files.getAttribute(output, "unix:uid"));
        assertEquals(Integer.parseInt(NOBODY), Files.getAttribute(output, "unix:gid"));
    }

    /** The decision: atomicity over the link; the other name keeps the old bytes (see OutputFiles). */
    @Test
    void aHardLinkedFileIsReplacedUnderItsNameOnly() throws Exception {
        Path output = Files.write(dir.resolve("out.wasm"), OLD);
        Path otherName = Files.createLink(dir.resolve("other.wasm"), output);

        OutputFiles.write(output, NEW);

        assertArrayEquals(NEW, Files.readAllBytes(output));
        assertArrayEquals(OLD, Files.readAllBytes(otherName));
        assertEquals(1, Files.getAttribute(output, "unix:nlink"));
    }

    @Test
    void aSymbolicLinkIsFollowedAndKept() throws Exception {
        Path target = Files.write(dir.resolve("target.wasm"), OLD);
        Path link = Files.createSymbolicLink(dir.resolve("link.wasm"), Path.of("target.wasm"));

        OutputFiles.write(link, NEW);

        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("target.wasm"), Files.readSymbolicLink(link));
        assertArrayEquals(NEW, Files.readAllBytes(target));
        assertEquals(List.of(link, target), list(dir));
    }

    /** Each relative link is resolved against its own directory. */
    @Test
    void aChainOfSymbolicLinksIsFollowedToItsEnd() throws Exception {
        Path target = Files.write(Files.createDirectories(dir.resolve("real")).resolve("target.wasm"), OLD);
        Path inner = Files.createSymbolicLink(Files.createDirectories(dir.resolve("links")).resolve("inner"),
                Path.of("../real/target.wasm"));
        Path outer = Files.createSymbolicLink(dir.resolve("outer"), Path.of("links/inner"));
        Path absolute = Files.createSymbolicLink(dir.resolve("absolute"), outer);

        OutputFiles.write(absolute, NEW);

        assertArrayEquals(NEW, Files.readAllBytes(target));
        assertTrue(Files.isSymbolicLink(absolute) && Files.isSymbolicLink(outer) && Files.isSymbolicLink(inner));
        assertEquals(List.of(target), list(target.getParent()));
    }

    @Test
    void aDanglingSymbolicLinkCreatesItsTarget() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link.wasm"), Path.of("new/target.wasm"));

        OutputFiles.write(link, NEW);

        assertTrue(Files.isSymbolicLink(link));
        assertArrayEquals(NEW, Files.readAllBytes(dir.resolve("new/target.wasm")));
    }

    @Test
    void aSymbolicLinkLoopFailsWithOneLine() throws Exception {
        Path first = Files.createSymbolicLink(dir.resolve("first"), Path.of("second"));
        Files.createSymbolicLink(dir.resolve("second"), Path.of("first"));

        IOException e = assertThrows(IOException.class, () -> OutputFiles.write(first, NEW));

        assertEquals("cannot write " + first + ": Too many levels of symbolic links", e.getMessage());
    }

    @Test
    void aDirectoryIsRefused() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("out.wasm"));

        IOException e = assertThrows(IOException.class, () -> OutputFiles.write(directory, NEW));

        assertEquals("cannot write " + directory + ": Is a directory", e.getMessage());
        assertEquals(List.of(directory), list(dir));
    }

    /** The temporary file's name has a fixed length, so it fits wherever the output's name does. */
    @Test
    void anOutputNameAsLongAsTheFileSystemAllowsIsWritten() throws Exception {
        Path output = dir.resolve("m".repeat(250) + ".wasm");

        OutputFiles.write(output, OLD);
        OutputFiles.write(output, NEW);

        assertArrayEquals(NEW, Files.readAllBytes(output));
        assertEquals(List.of(output), list(dir));
    }

    private Path mkfifo(String name) throws Exception {
        Path fifo = dir.resolve(name);
        try {
            Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
            Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
        } catch (IOException noMkfifo) {
            Assumptions.abort("no mkfifo: " + noMkfifo);
        }
        return fifo;
    }

    private static boolean isSpecial(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
    }

    @Test
    void aFifoIsWrittenNotReplaced() throws Exception {
        Path fifo = mkfifo("fifo");
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readAll(fifo), readers);

        OutputFiles.write(fifo, NEW);

        assertArrayEquals(NEW, read.get(30, TimeUnit.SECONDS));
        assertTrue(isSpecial(fifo));
        assertEquals(List.of(fifo), list(dir));
    }

    /** The reader goes away: the write fails with the system's reason, and the FIFO is still there. */
    @Test
    void aFifoWhoseReaderLeavesFailsWithOneLine() throws Exception {
        Path fifo = mkfifo("fifo");
        readers.submit(() -> {
            Files.newInputStream(fifo).close();
            return null;
        });

        IOException e = assertThrows(IOException.class, () -> OutputFiles.write(fifo, new byte[4 << 20]));

        assertEquals("cannot write " + fifo + ": Broken pipe", e.getMessage());
        assertTrue(isSpecial(fifo));
    }

    private static byte[] readAll(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** The links in /proc/self/fd, to what each descriptor is open on. */
    private static List<Path> openDescriptors() throws IOException {
        try (Stream<Path> links = Files.list(Path.of("/proc/self/fd"))) {
            return links.toList();
        }
    }

    private static Path readLink(Path link) {
        try {
            return Files.readSymbolicLink(link);
        } catch (IOException gone) {
            return Path.of("");
        }
    }

    /** {@code -o /dev/stdout > out.wasm}: the kernel's link names an open file, which is written, not replaced. */
    @Test
    void aLinkToAnOpenFileWritesThatFile() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "no /proc/self/fd");
        Path file = Files.write(dir.resolve("redirected.wasm"), OLD).toRealPath();
        Object before = inode(file);
        try (FileChannel open = FileChannel.open(file, StandardOpenOption.READ)) {
            Path descriptor = openDescriptors().stream()
                    .filter(link -> readLink(link).equals(file))
                    .findFirst().orElseThrow();
            Path stdout = Files.createSymbolicLink(dir.resolve("stdout"), descriptor);

            OutputFiles.write(stdout, NEW);
        }

        assertArrayEquals(NEW, Files.readAllBytes(file));
        assertEquals(before, inode(file));
    }

    /** {@code -o /dev/stdout | next}: the link's text, {@code pipe:[N]}, is no path; the pipe is written. */
    @Test
    void aLinkToAPipeWritesThePipe() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "no /proc/self/fd");
        Set<Path> earlier = openDescriptors().stream().map(OutputFilesTest::readLink).collect(Collectors.toSet());
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            Path descriptor = openDescriptors().stream()
                    .filter(link -> readLink(link).toString().startsWith("pipe:") && !earlier.contains(readLink(link)))
                    .findFirst().orElseThrow();

            CompletableFuture<byte[]> read =
                    CompletableFuture.supplyAsync(() -> readFully(source, NEW.length), readers);

            OutputFiles.write(Files.createSymbolicLink(dir.resolve("stdout"), descriptor), NEW);

            assertArrayEquals(NEW, read.get(30, TimeUnit.SECONDS));
        }
    }

    private static byte[] readFully(Pipe.SourceChannel source, int length) {
        ByteBuffer received = ByteBuffer.allocate(length);
        try {
            while (received.hasRemaining() && source.read(received) >= 0) {
                // until the bytes are all in
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        return received.array();
    }

    /** Creates a directory {@code ro} holding {@code name}; aborts the test where permissions do not bind (root). */
    private Path readOnlyDirectoryWith(String name, String permissions) throws IOException {
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        Path file = Files.write(readOnly.resolve(name), OLD);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path probe = readOnly.resolve("probe");
        try {
            Files.createFile(probe);
        } catch (IOException denied) {
            return file;
        }
        Files.delete(probe);
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Assumptions.abort("this user (root) may create files in a read-only directory: verified by hand as "
                + "an unprivileged user instead");
    }

    @AfterEach
    void makeWritableForCleanUp() throws IOException {
        Path readOnly = dir.resolve("ro");
        if (Files.isDirectory(readOnly)) {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aWritableFileInAReadOnlyDirectoryIsWrittenInPlace() throws Exception {
        Path output = readOnlyDirectoryWith("out.wasm", "rw-r--r--");
        Object before = inode(output);

        OutputFiles.write(output, NEW);

        assertArrayEquals(NEW, Files.readAllBytes(output));
        assertEquals(before, inode(output));
    }

    @Test
    void aNewFileInAReadOnlyDirectoryFailsNamingTheDirectory() throws Exception {
        Path readOnly = readOnlyDirectoryWith("other.wasm", "rw-r--r--").getParent();
        Path output = readOnly.resolve("out.wasm");

        IOException e = assertThrows(IOException.class, () -> OutputFiles.write(output, NEW));

        assertEquals("cannot write " + output + ": " + readOnly + ": Permission denied", e.getMessage());
    }

    @Test
    void aReadOnlyFileIsRefused() throws Exception {
        Path output = readOnlyDirectoryWith("out.wasm", "r--r--r--");

        IOException e = assertThrows(IOException.class, () -> OutputFiles.write(output, NEW));

        assertEquals("cannot write " + output + ": Permission denied", e.getMessage());
        assertArrayEquals(OLD, Files.readAllBytes(output));
    }

    @Test
    void aFullDiskLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        try (FileSystem disk = Jimfs.newFileSystem(Configuration.unix().toBuilder().setMaxSize(1 << 20).build())) {
            Path output = Files.write(Files.createDirectory(disk.getPath("/out")).resolve("module.wasm"), OLD);

            IOException e = assertThrows(IOException.class, () -> OutputFiles.write(output, new byte[2 << 20]));

            assertEquals("cannot write /out/module.wasm: out of disk space", e.getMessage());
            assertArrayEquals(OLD, Files.readAllBytes(output));
            assertEquals(List.of(output), list(output.getParent()));
        }
    }

    @Test
    void temporaryFilesGoToTheDirectoryGiven() throws Exception {
        Path output = Files.write(Files.createDirectory(dir.resolve("classes")).resolve("out.wasm"), OLD);
        Path temporaries = dir.resolve("build/tmp");

        OutputFiles.write(output, NEW, temporaries);

        assertArrayEquals(NEW, Files.readAllBytes(output));
        assertEquals(List.of(), list(temporaries), "created, and empty again");
        assertEquals(List.of(output), list(output.getParent()));
    }

    /** A rename cannot cross file systems: the temporary file goes beside the output instead. */
    @Test
    void aTemporaryDirectoryOnAnotherFileSystemFallsBackToBesideTheOutput() throws Exception {
        Path output = Files.write(dir.resolve("out.wasm"), OLD);
        try (FileSystem memory = Jimfs.newFileSystem(Configuration.unix())) {
            Path temporaries = memory.getPath("/tmp");

            OutputFiles.write(output, NEW, temporaries);

            assertEquals(List.of(), list(temporaries));
        }
        assertArrayEquals(NEW, Files.readAllBytes(output));
        assertEquals(List.of(output), list(dir));
    }

    /** A child JVM that writes 64 MiB to {@code args[0]} over and over, its temporary files in {@code args[1]}. */
    static final class WriteForever {
        static final int SIZE = 64 << 20;

        public static void main(String[] args) throws IOException {
            byte[] bytes = new byte[SIZE];
            Arrays.fill(bytes, (byte) 1);
            while (true) {
                OutputFiles.write(Path.of(args[0]), bytes, Path.of(args[1]));
            }
        }
    }

    /** Stops the child while a temporary file is in flight (after one whole write) and returns that file. */
    private static Path stopMidWrite(Process child, Path output, Path temporaries) throws Exception {
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); System.nanoTime() < deadline; ) {
            if (!child.isAlive()) {
                fail("the writer exited: " + new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            if (Files.exists(output)) {
                ChildJvm.signal(child, "STOP");
                List<Path> inFlight = list(temporaries);
                if (inFlight.size() == 1) {
                    return inFlight.get(0);
                }
                ChildJvm.signal(child, "CONT");
            }
            Thread.sleep(20);
        }
        throw new AssertionError("never caught the writer mid-write");
    }

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"TERM, 15", "INT, 2"})
    void aSignalDeletesTheTemporaryFileInFlight(String signal, int number) throws Exception {
        Path output = dir.resolve("classes/out.wasm");
        Path temporaries = dir.resolve("tmp");
        Process child = ChildJvm.start(WriteForever.class, output.toString(), temporaries.toString());
        try {
            Path inFlight = stopMidWrite(child, output, temporaries);
            if (ChildJvm.ignores(child, number)) {
                Assumptions.abort("the writer was started ignoring SIG" + signal + ", as a background job is");
            }

            ChildJvm.signal(child, signal);
            ChildJvm.signal(child, "CONT");

            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(128 + number, child.exitValue(), "ended by the signal");
            assertFalse(Files.exists(inFlight), inFlight + " deleted");
            assertEquals(List.of(), list(temporaries));
            assertEquals(List.of(output), list(output.getParent()));
            assertEquals(WriteForever.SIZE, Files.size(output), "a whole earlier write");
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    /** SIGKILL leaves the temporary file in flight; the next run deletes it, and only ours. */
    @Test
    void temporaryFilesLeftByAKilledRunAreDeleted() throws Exception {
        Path output = dir.resolve("classes/out.wasm");
        Path temporaries = dir.resolve("tmp");
        Process child = ChildJvm.start(WriteForever.class, output.toString(), temporaries.toString());
        Path leftover;
        try {
            leftover = stopMidWrite(child, output, temporaries);
            ChildJvm.signal(child, "KILL");
            child.waitFor(60, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly().waitFor();
        }
        Path notOurs = Files.write(temporaries.resolve(".wasm-snapshot-notes.tmp"), OLD);
        assertEquals(Set.of(leftover, notOurs), Set.copyOf(list(temporaries)));

        OutputFiles.deleteTemporaryFiles(temporaries);

        assertEquals(List.of(notOurs), list(temporaries));
    }
}
