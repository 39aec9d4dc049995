package io.github.wasmsnapshot.cli;

import io.github.wasmsnapshot.core.Rename;
import io.github.wasmsnapshot.core.SnapshotOptions;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/** The command line, spelled like wizer's: {@code [INPUT] [-o OUTPUT] [-f NAME] [-r DST=SRC]... [--keep-init-func]}. */
record CommandLine(Path input, Path output, SnapshotOptions options, boolean verbose, boolean help) {

    static final String USAGE = """
            Usage: java -jar wasm-snapshot-cli.jar [INPUT] [OPTIONS]

            Pre-initializes a WebAssembly module: runs its init function and writes a module
            whose memories and globals already hold the initialized state.

              INPUT                        the module to read; stdin when absent or -
              -o, --output FILE            where to write the result; stdout when absent or -
              -f, --init-func NAME         the init function export (default: wizer-initialize)
              -r, --rename-func DST=SRC    export the function exported as SRC under the name DST;
                                           repeatable
                  --keep-init-func[=BOOL]  keep exporting the init function (default: false)
                  --max-data-segments N    emit at most N data segments (default: 10000)
                  --parallelism N          threads that scan memory (default: the number of
                                           processors); the output does not depend on it
                  --verbose                say what happened, with stack traces on failure
              -h, --help                   print this help

            Exit status: 0 done, 1 the module was refused or failed to initialize, 2 usage error.
            """;

    static CommandLine parse(String... args) throws UsageException {
        Deque<String> queue = new ArrayDeque<>(Arrays.asList(args));
        SnapshotOptions.Builder options = SnapshotOptions.builder();
        Path input = null;
        Path output = null;
        boolean verbose = false;
        boolean help = false;
        while (!queue.isEmpty()) {
            String arg = queue.poll();
            String value = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
                arg = arg.substring(0, arg.indexOf('='));
            }
            try {
                switch (arg) {
                    case "-o", "--output" -> output = path(required(arg, value, queue));
                    case "-f", "--init-func" -> options.initFunction(required(arg, value, queue));
                    case "-r", "--rename-func" -> options.rename(Rename.parse(required(arg, value, queue)));
                    case "--keep-init-func" -> options.keepInitFunction(bool(arg, value));
                    case "--max-data-segments" -> options.maxDataSegments(integer(arg, required(arg, value, queue)));
                    case "--parallelism" -> options.parallelism(integer(arg, required(arg, value, queue)));
                    case "--verbose", "-v" -> verbose = bool(arg, value);
                    case "-h", "--help" -> help = true;
                    default -> {
                        if (arg.startsWith("-") && !arg.equals("-")) {
                            throw new UsageException("unknown option " + arg);
                        }
                        if (input != null || value != null) {
                            throw new UsageException("unexpected argument " + arg + ": only one INPUT is allowed");
                        }
                        input = path(arg);
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return new CommandLine(input, output, options.build(), verbose, help);
    }

    private static Path path(String arg) {
        return arg.equals("-") ? null : Path.of(arg);
    }

    private static String required(String option, String value, Deque<String> queue) throws UsageException {
        if (value != null) {
            return value;
        }
        if (queue.isEmpty()) {
            throw new UsageException(option + " needs a value");
        }
        return queue.poll();
    }

    private static boolean bool(String option, String value) throws UsageException {
        if (value == null || value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw new UsageException(option + " takes true or false, got '" + value + "'");
    }

    private static int integer(String option, String value) throws UsageException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a whole number, got '" + value + "'");
        }
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
