package io.github.wasmsnapshot.cli;

import io.github.wasmsnapshot.core.OutputFiles;
import io.github.wasmsnapshot.core.SnapshotException;
import io.github.wasmsnapshot.core.SnapshotListener;
import io.github.wasmsnapshot.core.SnapshotResult;
import io.github.wasmsnapshot.core.WasmSnapshot;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** {@code java -jar wasm-snapshot-core-VERSION-cli.jar}: exit 0 done, 1 refused or failed, 2 usage error. */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private final InputStream stdin;
    private final OutputStream stdout;
    private final PrintStream stderr;
    private final Map<String, String> environment;

    Main(InputStream stdin, OutputStream stdout, PrintStream stderr, Map<String, String> environment) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.environment = environment;
    }

    Main(InputStream stdin, OutputStream stdout, PrintStream stderr) {
        this(stdin, stdout, stderr, System.getenv());
    }

    public static void main(String[] args) {
        // Not System.out: a PrintStream swallows write errors (full disk, closed pipe); the descriptor reports them.
        System.exit(new Main(System.in, new FileOutputStream(FileDescriptor.out), System.err).run(args));
    }

    int run(String... args) {
        CommandLine command;
        try {
            command = CommandLine.parse(environment, args);
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
            SnapshotResult result = new WasmSnapshot(command.options(), listener(command)).run(input);
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

    private SnapshotListener listener(CommandLine command) {
        return new SnapshotListener() {
            @Override
            public void debug(String message) {
                if (command.verbose()) {
                    stderr.println("wasm-snapshot: " + message);
                }
            }

            @Override
            public void warn(String message) {
                stderr.println("warning: " + message);
            }

            @Override
            public void stdout(String line) {
                if (command.inheritStdio()) {
                    stderr.println(line);
                }
            }

            @Override
            public void stderr(String line) {
                if (command.inheritStdio()) {
                    stderr.println(line);
                }
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

    private void write(Path output, byte[] bytes) throws SnapshotException {
        try {
            if (output == null) {
                stdout.write(bytes);
                stdout.flush();
                return;
            }
            OutputFiles.write(output, bytes);
        } catch (IOException e) {
            String message = output == null ? "cannot write to stdout: " + e.getMessage() : e.getMessage();
            throw new SnapshotException(message, e);
        }
    }

    private static String name(Path path) {
        return path == null ? "-" : path.toString();
    }
}
