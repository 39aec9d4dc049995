package io.github.wasmsnapshot.cli;

import io.github.wasmsnapshot.core.ClockStartDefault;
import io.github.wasmsnapshot.core.Configuration;
import io.github.wasmsnapshot.core.Difference;
import io.github.wasmsnapshot.core.InputFiles;
import io.github.wasmsnapshot.core.OptionException;
import io.github.wasmsnapshot.core.OutputFiles;
import io.github.wasmsnapshot.core.Provenance;
import io.github.wasmsnapshot.core.SnapshotException;
import io.github.wasmsnapshot.core.SnapshotInput;
import io.github.wasmsnapshot.core.SnapshotListener;
import io.github.wasmsnapshot.core.SnapshotOptions;
import io.github.wasmsnapshot.core.SnapshotResult;
import io.github.wasmsnapshot.core.WasmSnapshot;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code java -jar wasm-snapshot-core-VERSION-cli.jar}: exit 0 done, 1 refused or failed, 2 usage error. */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** Where the WASI clock starts when no clock start is given (reproducible-builds.org). */
    static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

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
        Optional<Integer> forked = Fork.run(args, System.getenv());
        // Not System.out: a PrintStream swallows write errors (full disk, closed pipe); the descriptor reports them.
        System.exit(forked.orElseGet(() -> new Main(System.in, new FileOutputStream(FileDescriptor.out), System.err)
                .run(args)));
    }

    int run(String... args) {
        Arguments arguments;
        SnapshotOptions options;
        try {
            CommandLine line = Arguments.read(args);
            Optional<String> shown = Arguments.shown(line);
            if (shown.isPresent()) {
                return show(shown.get());
            }
            arguments = Arguments.of(line);
            Configuration.requireWasiWhereConfigured(List.of(arguments.configuration()));
            options = arguments.configuration().resolve(Path.of(""),
                    ClockStartDefault.sourceDateEpoch(environment.get(SOURCE_DATE_EPOCH)));
        } catch (OptionException e) {
            stderr.println("error: " + e.getMessage());
            stderr.println("Run with --help for usage.");
            return USAGE;
        }
        try {
            WasmSnapshot snapshot = new WasmSnapshot(options, listener(arguments));
            SnapshotInput input = snapshot.read(read(arguments.input()));
            SnapshotResult result = snapshot.run(input);
            if (arguments.check()) {
                check(options, input, result.output());
            }
            write(arguments.output(), result.output());
            if (arguments.report() != null) {
                writeReport(arguments, input, options, result);
            }
            if (arguments.verbose()) {
                stderr.println("wasm-snapshot: " + name(arguments.input()) + " -> " + name(arguments.output()) + ": "
                        + result.report().summary());
            }
            return OK;
        } catch (SnapshotException e) {
            return failed(arguments, e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            Optional<SnapshotException> outOfHeap = SnapshotException.outOfHeapIn(e);
            if (outOfHeap.isPresent()) {
                return failed(arguments, outOfHeap.get().getMessage(), e);
            }
            // whatever it was: one line, and the trace only when asked for
            return failed(arguments, "failed unexpectedly: " + e + (arguments.verbose() ? ""
                    : " (run with --verbose for the stack trace)"), e);
        }
    }

    /** The help or the version, on stdout. */
    private int show(String text) {
        try {
            write(null, text.getBytes(StandardCharsets.UTF_8));
            return OK;
        } catch (SnapshotException e) {
            stderr.println("error: " + e.getMessage());
            return FAILED;
        }
    }

    /** Snapshots again on another number of threads (1, or 2 if that was 1): the bytes must be the same. */
    private static void check(SnapshotOptions options, SnapshotInput input, byte[] output) throws SnapshotException {
        int threads = options.parallelism() == 1 ? 2 : 1;
        byte[] again = new WasmSnapshot(options.toBuilder().withParallelism(threads).build()).run(input).output();
        Optional<String> difference = Difference.between(output, again);
        if (difference.isPresent()) {
            throw new SnapshotException("not reproducible: snapshotting again on " + threads + " thread"
                    + (threads == 1 ? "" : "s") + " gave other bytes, " + difference.get());
        }
    }

    private void writeReport(Arguments arguments, SnapshotInput input, SnapshotOptions options,
            SnapshotResult result) throws SnapshotException {
        String entry = Provenance.entry(name(arguments.input()), name(arguments.output()), input, options, result,
                Path.of(""));
        try {
            OutputFiles.write(arguments.report(), (entry + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SnapshotException(e.getMessage(), e);
        }
    }

    private int failed(Arguments arguments, String reason, Throwable e) {
        stderr.println("error: " + name(arguments.input()) + ": " + reason);
        if (arguments.verbose()) {
            e.printStackTrace(stderr);
        }
        return FAILED;
    }

    private SnapshotListener listener(Arguments arguments) {
        return new SnapshotListener() {
            @Override
            public void debug(String message) {
                if (arguments.verbose()) {
                    stderr.println("wasm-snapshot: " + message);
                }
            }

            @Override
            public void info(String message) {
                stderr.println("wasm-snapshot: " + message);
            }

            @Override
            public void progress(String message) {
                if (arguments.verbose() || stderrIsATerminal()) {
                    stderr.println("wasm-snapshot: " + name(arguments.input()) + ": " + message);
                }
            }

            @Override
            public void warn(String message) {
                stderr.println("warning: " + message);
            }

            @Override
            public void stdout(String line) {
                if (arguments.inheritStdio()) {
                    stderr.println(line);
                }
            }

            @Override
            public void stderr(String line) {
                if (arguments.inheritStdio()) {
                    stderr.println(line);
                }
            }
        };
    }

    /** Where the platform tells (Linux); otherwise, as a guess, whether the JVM has a console. */
    private static boolean stderrIsATerminal() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString().startsWith("/dev/pts/");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }

    private byte[] read(Path input) throws SnapshotException {
        return input == null ? InputFiles.read(stdin) : InputFiles.read(input);
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
