package io.github.wasmsnapshot.cli;

import io.github.wasmsnapshot.core.ClockStartDefault;
import io.github.wasmsnapshot.core.Configuration;
import io.github.wasmsnapshot.core.InputFiles;
import io.github.wasmsnapshot.core.OptionException;
import io.github.wasmsnapshot.core.OutputFiles;
import io.github.wasmsnapshot.core.SnapshotException;
import io.github.wasmsnapshot.core.SnapshotListener;
import io.github.wasmsnapshot.core.SnapshotOptions;
import io.github.wasmsnapshot.core.SnapshotResult;
import io.github.wasmsnapshot.core.WasmSnapshot;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

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
        // Not System.out: a PrintStream swallows write errors (full disk, closed pipe); the descriptor reports them.
        System.exit(new Main(System.in, new FileOutputStream(FileDescriptor.out), System.err).run(args));
    }

    int run(String... args) {
        Arguments arguments;
        SnapshotOptions options;
        CommandLine parser = Arguments.parser()
                .setOut(new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true))
                .setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        try {
            ParseResult parsed = parser.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return OK;
            }
            arguments = Arguments.of(parsed);
            Configuration.requireWasiWhereConfigured(List.of(arguments.configuration()));
            options = arguments.configuration().resolve(Path.of(""),
                    ClockStartDefault.sourceDateEpoch(environment.get(SOURCE_DATE_EPOCH)));
        } catch (ParameterException | OptionException e) {
            stderr.println("error: " + e.getMessage());
            stderr.println("Run with --help for usage.");
            return USAGE;
        }
        try {
            byte[] input = read(arguments.input());
            SnapshotResult result = new WasmSnapshot(options, listener(arguments)).run(input);
            write(arguments.output(), result.output());
            if (arguments.verbose()) {
                stderr.println("wasm-snapshot: " + name(arguments.input()) + " -> " + name(arguments.output()) + ": "
                        + result.report().summary());
            }
            return OK;
        } catch (SnapshotException e) {
            stderr.println("error: " + name(arguments.input()) + ": " + e.getMessage());
            if (arguments.verbose()) {
                e.printStackTrace(stderr);
            }
            return FAILED;
        }
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
