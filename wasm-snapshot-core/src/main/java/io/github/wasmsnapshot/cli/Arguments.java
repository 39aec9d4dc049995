package io.github.wasmsnapshot.cli;

import io.github.wasmsnapshot.core.Configuration;
import io.github.wasmsnapshot.core.OptionException;
import io.github.wasmsnapshot.core.SnapshotOption;
import io.github.wasmsnapshot.core.Versions;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line, spelled like wizer's: {@code [INPUT] [-o OUTPUT] [OPTIONS]}. Every option of
 * {@link SnapshotOption} is declared from its constant (names, value label, help, default); their values reach
 * {@link Configuration} as the text given, so that the command line and the Maven plugin parse them alike. Only the
 * options of the command line itself (input, output, stdio, verbosity) are declared here.
 *
 * @param input null for stdin
 * @param output null for stdout
 * @param report null for none
 */
record Arguments(Path input, Path output, Configuration configuration, boolean inheritStdio, boolean verbose,
        Path report, boolean check) {
    private static final String OUTPUT = "--output";
    private static final String REPORT = "--report";
    private static final String CHECK = "--check";
    private static final String INHERIT_STDIO = "--inherit-stdio";
    private static final String VERBOSE = "--verbose";

    /** The command line's grammar, help and version. */
    static CommandLine parser() {
        CommandSpec spec = CommandSpec.create()
                .name("java -jar wasm-snapshot-cli.jar")
                .version("wasm-snapshot " + Versions.wasmSnapshot() + " (Chicory " + Versions.chicory() + ")")
                .mixinStandardHelpOptions(true);
        spec.usageMessage()
                .description("Pre-initializes a WebAssembly module: runs its init function and writes a module whose"
                        + " memories and globals already hold the initialized state. The output depends only on the"
                        + " input and the options.")
                .footerHeading("%nExit status: ")
                .footer("0 done, 1 the module was refused or failed to initialize, 2 usage error.")
                .width(100);
        spec.addPositional(PositionalParamSpec.builder()
                .paramLabel("INPUT").arity("0..1").type(String.class)
                .description("the module to read; stdin when absent or -").build());
        spec.addOption(OptionSpec.builder("-o", OUTPUT).paramLabel("FILE").type(String.class)
                .description("where to write the result; stdout when absent or -").build());
        for (SnapshotOption option : SnapshotOption.values()) {
            spec.addOption(declare(option));
        }
        spec.addOption(flag(INHERIT_STDIO, "print what the initializer writes to WASI stdout and stderr on this"
                + " program's stderr (default: true)").build());
        spec.addOption(OptionSpec.builder(REPORT).paramLabel("FILE").type(String.class)
                .description("also write the provenance of the output to FILE, as JSON: the input's and output's"
                        + " path and SHA-256, the effective options, the versions, sizes and counts").build());
        spec.addOption(flag(CHECK, "snapshot twice, on 1 thread and on more, and fail (exit 1) unless the bytes are"
                + " the same; the output is written only then").build());
        spec.addOption(flag(VERBOSE, "say what happened, with stack traces on failure").names("-v", VERBOSE).build());
        return new CommandLine(spec).setTrimQuotes(false);
    }

    private static OptionSpec declare(SnapshotOption option) {
        String help = option.help() + (option.defaultValue() == null ? "" : " (default: " + option.defaultValue()
                + ")");
        OptionSpec.Builder builder = switch (option.kind()) {
            case VALUE -> OptionSpec.builder(option.names().toArray(String[]::new)).type(String.class);
            case FLAG -> flag(option.cliName(), help).names(option.names().toArray(String[]::new));
            case REPEATED -> OptionSpec.builder(option.names().toArray(String[]::new))
                    .type(List.class).auxiliaryTypes(String.class);
        };
        return builder.paramLabel(option.label()).description(help).build();
    }

    /**
     * {@code --flag}, {@code --flag=BOOL} or wizer's {@code --flag BOOL}. Typed Boolean so that picocli takes a
     * following {@code true} or {@code false} as the value and nothing else. Any other text is kept as given, to
     * be refused by the same parser as the plugin's.
     */
    private static OptionSpec.Builder flag(String name, String help) {
        return OptionSpec.builder(name).type(Boolean.class).arity("0..1").fallbackValue("true")
                .converters(text -> text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")
                        ? (Object) Boolean.valueOf(text) : text)
                .paramLabel("BOOL").description(help);
    }

    static Arguments of(ParseResult parsed) throws OptionException {
        Configuration configuration = new Configuration();
        for (SnapshotOption option : SnapshotOption.values()) {
            if (!parsed.hasMatchedOption(option.cliName())) {
                continue;
            }
            Object value = parsed.matchedOption(option.cliName()).getValue();
            if (option.kind() == SnapshotOption.Kind.REPEATED) {
                configuration.with(option, castList(value));
            } else {
                configuration.with(option, value.toString());
            }
        }
        return new Arguments(path(parsed.matchedPositionalValue(0, (String) null)),
                path(parsed.matchedOptionValue(OUTPUT, (String) null)), configuration,
                bool(INHERIT_STDIO, parsed.matchedOptionValue(INHERIT_STDIO, (Object) true)),
                bool(VERBOSE, parsed.matchedOptionValue(VERBOSE, (Object) false)),
                path(parsed.matchedOptionValue(REPORT, (String) null)),
                bool(CHECK, parsed.matchedOptionValue(CHECK, (Object) false)));
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object value) {
        return (List<String>) value;
    }

    private static boolean bool(String option, Object value) throws OptionException {
        if (value instanceof Boolean bool) {
            return bool;
        }
        throw new OptionException(option + ": takes true or false, got '" + value + "'");
    }

    private static Path path(String argument) {
        return argument == null || argument.equals("-") ? null : Path.of(argument);
    }
}
