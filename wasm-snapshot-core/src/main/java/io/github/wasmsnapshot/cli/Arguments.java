package io.github.wasmsnapshot.cli;

import io.github.wasmsnapshot.core.Configuration;
import io.github.wasmsnapshot.core.OptionException;
import io.github.wasmsnapshot.core.SnapshotOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line, spelled like wizer's: {@code [INPUT] [-o OUTPUT] [OPTIONS]}. Every option of
 * {@link SnapshotOption} is declared from its constant (names, value label, help, default); their values reach
 * {@link Configuration} as the text given, so that the command line and the Maven plugin parse them alike. Only the
 * options of the command line itself (output, report, check, stdio, verbosity, help, version) are declared here.
 *
 * <p>The command line reads itself ({@link CommandLine}) rather than through a library. picocli, which did it before,
 * is compiled for Java 5, and JDK 17's dynamic class-data sharing archive, which the forked JVM loads its classes
 * from, stores no class that old: loading, verifying and running picocli's in the bytecode interpreter cost every
 * run about 75 ms, where this takes a few.
 *
 * @param input null for stdin
 * @param output null for stdout
 * @param report null for none
 */
record Arguments(Path input, Path output, Configuration configuration, boolean inheritStdio, boolean verbose,
        Path report, boolean check) {
    private static final Option OUTPUT = Option.value("FILE", "where to write the result; stdout when absent or -",
            "-o", "--output");
    private static final Option INHERIT_STDIO = Option.flag("print what the initializer writes to WASI stdout and"
            + " stderr on this program's stderr (default: true)", "--inherit-stdio");
    private static final Option REPORT = Option.value("FILE", "also write the provenance of the output to FILE, as"
            + " JSON: the input's and output's path and SHA-256, the effective options, the versions, sizes and"
            + " counts", "--report");
    private static final Option CHECK = Option.flag("snapshot twice, on 1 thread and on more, and fail (exit 1)"
            + " unless the bytes are the same; the output is written only then", "--check");
    private static final Option VERBOSE = Option.flag("say what happened, with stack traces on failure", "-v",
            "--verbose");
    private static final Option HELP = Option.request("show this help and exit", "-h", "--help");
    private static final Option VERSION = Option.request("print the version and exit", "-V", "--version");

    private static final Map<SnapshotOption, Option> SNAPSHOT_OPTIONS = snapshotOptions();
    /** In the order the help lists them: the output, the snapshot's options, then the rest of the command line's. */
    static final List<Option> OPTIONS = options();

    static CommandLine read(String... args) {
        return CommandLine.read(OPTIONS, args);
    }

    /** The help or the version, if the command line asks for either, wherever and whatever else it has. */
    static Optional<String> shown(CommandLine line) {
        if (line.values().containsKey(HELP.longName())) {
            return Optional.of(Help.text(OPTIONS));
        }
        return line.values().containsKey(VERSION.longName()) ? Optional.of(Help.version()) : Optional.empty();
    }

    /** The arguments of a run; a mistake on the command line is an OptionException that says what and where. */
    static Arguments of(CommandLine line) throws OptionException {
        if (line.error().isPresent()) {
            throw new OptionException(line.error().get());
        }
        Map<String, List<String>> values = line.values();
        Configuration configuration = new Configuration();
        SNAPSHOT_OPTIONS.forEach((option, declared) -> {
            List<String> given = values.get(declared.longName());
            if (given == null) {
                return;
            }
            if (option.kind() == SnapshotOption.Kind.REPEATED) {
                configuration.with(option, given);
            } else {
                configuration.with(option, given.get(0));
            }
        });
        return new Arguments(path(line.positional()), path(one(values, OUTPUT)), configuration,
                bool(values, INHERIT_STDIO, true), bool(values, VERBOSE, false), path(one(values, REPORT)),
                bool(values, CHECK, false));
    }

    private static Map<SnapshotOption, Option> snapshotOptions() {
        Map<SnapshotOption, Option> options = new EnumMap<>(SnapshotOption.class);
        for (SnapshotOption option : SnapshotOption.values()) {
            options.put(option, Option.of(option));
        }
        return options;
    }

    private static List<Option> options() {
        List<Option> options = new ArrayList<>();
        options.add(OUTPUT);
        options.addAll(SNAPSHOT_OPTIONS.values());
        options.addAll(List.of(INHERIT_STDIO, REPORT, CHECK, VERBOSE, HELP, VERSION));
        return List.copyOf(options);
    }

    private static String one(Map<String, List<String>> values, Option option) {
        List<String> given = values.get(option.longName());
        return given == null ? null : given.get(0);
    }

    private static boolean bool(Map<String, List<String>> values, Option option, boolean absent)
            throws OptionException {
        String value = one(values, option);
        if (value == null) {
            return absent;
        }
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new OptionException(option.longName() + ": takes true or false, got '" + value + "'");
    }

    private static Path path(String argument) {
        return argument == null || argument.equals("-") ? null : Path.of(argument);
    }
}
