package io.github.wasmsnapshot.cli;

import io.github.wasmsnapshot.core.SnapshotException;
import io.github.wasmsnapshot.core.SnapshotListener;
import io.github.wasmsnapshot.core.SnapshotResult;
import io.github.wasmsnapshot.core.WasmSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** {@code java -jar wasm-snapshot-core-VERSION-cli.jar}: exit 0 done, 1 refused or failed, 2 usage error. */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private final InputStream stdin;
    private final OutputStream stdout;
    private final PrintStream stderr;

    Main(InputStream stdin, OutputStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static void main(String[] args) {
        System.exit(new Main(System.in, System.out, System.err).run(args));
    }

    int run(String... args) {
        CommandLine command;
        try {
            command = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            stderr.println("error: " + e.getMessage());
            stderr.println("Run with --help for usage.");
            return USAGE;
        }
        if (command.help()) {
            stderr.print(CommandLine.USAGE);
            return OK;
        }
        try {
            byte[] input = read(command.input());
            SnapshotResult result = new WasmSnapshot(command.options(), listener(command.verbose())).run(input);
            write(command.output(), result.output());
            if (command.verbose()) {
                stderr.println("wasm-snapshot: " + name(command.input()) + " -> " + name(command.output()) + ": "
                        + result.report().summary());
            }
            return OK;
        } catch (SnapshotException e) {
            stderr.println("error: " + name(command.input()) + ": " + e.getMessage());
            if (command.verbose()) {
                e.printStackTrace(stderr);
            }
            return FAILED;
        }
    }

    private SnapshotListener listener(boolean verbose) {
        return new SnapshotListener() {
            @Override
            public void debug(String message) {
                if (verbose) {
                    stderr.println("wasm-snapshot: " + message);
                }
            }

            @Override
            public void warn(String message) {
                stderr.println("warning: " + message);
            }
        };
    }

    private byte[] read(Path input) throws SnapshotException {
        try {
            return input == null ? stdin.readAllBytes() : Files.readAllBytes(input);
        } catch (NoSuchFileException e) {
            throw new SnapshotException("no such file");
        } catch (IOException e) {
            throw new SnapshotException("cannot read the input: " + e, e);
        }
    }

    /** Writes a temporary file beside the output and moves it into place: never a partial output. */
    private void write(Path output, byte[] bytes) throws SnapshotException {
        try {
            if (output == null) {
                stdout.write(bytes);
                stdout.flush();
                return;
            }
            Path absolute = output.toAbsolutePath();
            Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp",
                    usualPermissions(absolute));
            try {
                Files.write(temporary, bytes);
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new SnapshotException("cannot write " + name(output) + ": " + e, e);
        }
    }

    /** rw-rw-rw- less the umask, as any new file gets: a temporary file is only the owner's. */
    private static FileAttribute<?>[] usualPermissions(Path file) {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        var readWriteForAll = PosixFilePermissions.fromString("rw-rw-rw-");
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(readWriteForAll)};
    }

    private static String name(Path path) {
        return path == null ? "-" : path.toString();
    }
}
