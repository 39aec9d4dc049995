package io.github.wasmsnapshot.cli;

import io.github.wasmsnapshot.core.SnapshotOption.Kind;
import io.github.wasmsnapshot.core.Versions;
import java.util.List;

/** What {@code --help} and {@code --version} print. */
final class Help {
    /** Lines are wrapped to this many columns. */
    private static final int WIDTH = 100;
    /** Where an option's help starts; names longer than fit before it put the help on the next line. */
    private static final int HELP_COLUMN = 29;
    /** Where the help's further lines start. */
    private static final int MORE_HELP_COLUMN = HELP_COLUMN + 2;

    private Help() {}

    static String version() {
        return "wasm-snapshot " + Versions.wasmSnapshot() + " (Chicory " + Versions.chicory() + ")\n";
    }

    /** The usage, then one entry per option in the order given: its names, value, help and default. */
    static String text(List<Option> options) {
        StringBuilder out = new StringBuilder();
        out.append("Usage: java -jar wasm-snapshot-core-").append(Versions.wasmSnapshot())
                .append("-cli.jar [INPUT] [-o FILE] [OPTIONS]\n");
        wrap(out, "", "Pre-initializes a WebAssembly module: runs its init function and writes a module whose"
                + " memories and globals already hold the initialized state. The output depends only on the input"
                + " and the options.", "");
        entry(out, "      [INPUT]", "the module to read; stdin when absent or -");
        for (Option option : options) {
            entry(out, names(option), option.help());
        }
        out.append('\n');
        wrap(out, "", "Exit status: 0 done, 1 the module was refused or failed to initialize, 2 usage error.", "");
        return out.toString();
    }

    /** {@code   -f, --init-func=NAME}, {@code       --keep-init-func[=BOOL]}: short names in a column of their own. */
    private static String names(Option option) {
        String names = option.names().size() == 1 ? "    " + option.longName() : String.join(", ", option.names());
        if (option.label() == null) {
            return "  " + names;
        }
        return "  " + names + (option.kind() == Kind.FLAG ? "[=" + option.label() + "]" : "=" + option.label());
    }

    private static void entry(StringBuilder out, String names, String help) {
        String start = names;
        if (names.length() >= HELP_COLUMN) {
            out.append(names).append('\n');
            start = "";
        }
        wrap(out, start + " ".repeat(HELP_COLUMN - start.length()), help, " ".repeat(MORE_HELP_COLUMN));
    }

    /** {@code text} after {@code start}, broken between words into lines of at most WIDTH, continued at indent. */
    private static void wrap(StringBuilder out, String start, String text, String indent) {
        StringBuilder line = new StringBuilder(start);
        int empty = line.length();
        for (String word : text.split(" ")) {
            if (line.length() > empty && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder(indent);
                empty = line.length();
            }
            if (line.length() > empty) {
                line.append(' ');
            }
            line.append(word);
        }
        out.append(line).append('\n');
    }
}
