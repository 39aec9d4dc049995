package io.github.wasmsnapshot.cli;

import io.github.wasmsnapshot.core.Preload;
import io.github.wasmsnapshot.core.Rename;
import io.github.wasmsnapshot.core.SnapshotOptions;
import io.github.wasmsnapshot.core.WasiConfig;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;

/** The command line, spelled like wizer's: {@code [INPUT] [-o OUTPUT] [-f NAME] [-r DST=SRC]... [--keep-init-func]}. */
record CommandLine(Path input, Path output, SnapshotOptions options, boolean inheritStdio, boolean verbose,
        boolean help) {
    /** Where the WASI clock starts when --wasi-clock-start is not given (reproducible-builds.org). */
    static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

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
                  --preload NAME=FILE      instantiate the module FILE first and satisfy the imports
                                           from module NAME with its exports; repeatable

            WASI during initialization (wizer's spelling where wizer has the option):
                  --allow-wasi[=BOOL]      provide WASI preview 1 to the initializer (default: false)
                  --inherit-stdio[=BOOL]   print what the initializer writes to stdout and stderr,
                                           on this program's stderr (default: true)
                  --env NAME=VALUE         set an environment variable; repeatable (default: none)
                  --inherit-env[=BOOL]     also pass this program's environment; warns: the output
                                           may then depend on the machine (default: false)
                  --wasi-arg ARG           append ARG to the initializer's argv; repeatable
                                           (default: no arguments)
                  --dir DIR                give access to a copy of the host directory DIR, as DIR
                  --mapdir GUEST::HOST     give access to a copy of the host directory HOST, as
                                           GUEST; directories are copied into memory with fixed
                                           timestamps and sorted listings, and never written to
                  --wasi-random-seed N     seed of the deterministic entropy stream (default: 0)
                  --wasi-clock-start TIME  where the virtual clock starts, ISO-8601 instant or epoch
                                           seconds (default: $SOURCE_DATE_EPOCH if set, else
                                           2000-01-01T00:00:00Z); it advances 1 ms per read
                  --wasi-real-entropy-and-clock[=BOOL]
                                           real entropy and system clocks instead, as wizer does;
                                           warns: the output is then not reproducible
                                           (default: false)

                  --verbose                say what happened, with stack traces on failure
              -h, --help                   print this help

            Exit status: 0 done, 1 the module was refused or failed to initialize, 2 usage error.
            """;

    /** {@code environment} is this program's, for {@code SOURCE_DATE_EPOCH}. */
    static CommandLine parse(Map<String, String> environment, String... args) throws UsageException {
        Deque<String> queue = new ArrayDeque<>(Arrays.asList(args));
        SnapshotOptions.Builder options = SnapshotOptions.builder();
        WasiConfig.Builder wasi = WasiConfig.builder();
        String wasiOption = null;
        boolean allowWasi = false;
        boolean clockStartGiven = false;
        Path input = null;
        Path output = null;
        boolean inheritStdio = true;
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
                    case "--keep-init-func" -> options.keepInitFunction(bool(arg, value, queue));
                    case "--max-data-segments" -> options.maxDataSegments(integer(arg, required(arg, value, queue)));
                    case "--parallelism" -> options.parallelism(integer(arg, required(arg, value, queue)));
                    case "--preload" -> options.preload(Preload.parse(required(arg, value, queue)));
                    case "--allow-wasi" -> allowWasi = bool(arg, value, queue);
                    case "--inherit-stdio" -> inheritStdio = bool(arg, value, queue);
                    case "--verbose", "-v" -> verbose = bool(arg, value, queue);
                    case "-h", "--help" -> help = true;
                    case "--env", "--inherit-env", "--wasi-arg", "--dir", "--mapdir", "--wasi-random-seed",
                            "--wasi-clock-start", "--wasi-real-entropy-and-clock" -> {
                        wasiOption = arg;
                        clockStartGiven |= arg.equals("--wasi-clock-start");
                        wasiOption(arg, value, queue, wasi);
                    }
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
        if (wasiOption != null && !allowWasi) {
            throw new UsageException(wasiOption + " configures WASI, which is off: add --allow-wasi");
        }
        String sourceDateEpoch = environment.get(SOURCE_DATE_EPOCH);
        if (!clockStartGiven && sourceDateEpoch != null && !sourceDateEpoch.isBlank()) {
            try {
                wasi.clockStart(epochSeconds(SOURCE_DATE_EPOCH, sourceDateEpoch));
            } catch (IllegalArgumentException e) {
                throw new UsageException(SOURCE_DATE_EPOCH + ": " + e.getMessage());
            }
        }
        options.allowWasi(allowWasi).wasi(wasi.build());
        return new CommandLine(input, output, options.build(), inheritStdio, verbose, help);
    }

    private static void wasiOption(String arg, String value, Deque<String> queue, WasiConfig.Builder wasi)
            throws UsageException {
        switch (arg) {
            case "--env" -> {
                String assignment = required(arg, value, queue);
                int eq = assignment.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException("--env takes NAME=VALUE, got '" + assignment + "'");
                }
                wasi.environmentVariable(assignment.substring(0, eq), assignment.substring(eq + 1));
            }
            case "--inherit-env" -> wasi.inheritEnvironment(bool(arg, value, queue));
            case "--wasi-arg" -> wasi.argument(required(arg, value, queue));
            case "--dir" -> wasi.directory(Path.of(required(arg, value, queue)));
            case "--mapdir" -> {
                String mapping = required(arg, value, queue);
                int separator = mapping.indexOf("::");
                if (separator <= 0 || separator + 2 == mapping.length()) {
                    throw new UsageException("--mapdir takes GUEST::HOST, got '" + mapping + "'");
                }
                wasi.directory(mapping.substring(0, separator), Path.of(mapping.substring(separator + 2)));
            }
            case "--wasi-random-seed" -> {
                String seed = required(arg, value, queue);
                try {
                    wasi.randomSeed(Long.parseLong(seed));
                } catch (NumberFormatException e) {
                    throw new UsageException(arg + " takes a whole number (64-bit), got '" + seed + "'");
                }
            }
            case "--wasi-clock-start" -> wasi.clockStart(instant(arg, required(arg, value, queue)));
            case "--wasi-real-entropy-and-clock" -> wasi.realEntropyAndClock(bool(arg, value, queue));
            default -> throw new IllegalStateException(arg);
        }
    }

    private static Instant instant(String option, String value) throws UsageException {
        if (value.matches("-?[0-9]+")) {
            return epochSeconds(option, value);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException(option + " takes an ISO-8601 instant (2024-01-01T00:00:00Z) or epoch seconds, got '"
                    + value + "'");
        }
    }

    private static Instant epochSeconds(String name, String value) throws UsageException {
        try {
            return Instant.ofEpochSecond(Long.parseLong(value));
        } catch (NumberFormatException | DateTimeException e) {
            throw new UsageException(name + " must be whole seconds since 1970-01-01T00:00:00Z, got '" + value + "'");
        }
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

    /** {@code --flag}, {@code --flag=BOOL}, or wizer's {@code --flag BOOL}. */
    private static boolean bool(String option, String value, Deque<String> queue) throws UsageException {
        if (value == null && ("true".equals(queue.peek()) || "false".equals(queue.peek()))) {
            value = queue.poll();
        }
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
