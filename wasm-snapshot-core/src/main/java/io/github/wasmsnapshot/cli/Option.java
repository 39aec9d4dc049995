package io.github.wasmsnapshot.cli;

import io.github.wasmsnapshot.core.SnapshotOption;
import io.github.wasmsnapshot.core.SnapshotOption.Kind;
import java.util.List;

/**
 * One option of the command line, as {@link CommandLine} reads it and {@link Help} shows it.
 *
 * @param names short name first, if any, then the long one
 * @param label the value's placeholder in the help ({@code FILE}, {@code BOOL}, ...); null for help and version,
 *     whose value, if one is given, nothing reads
 * @param help the help text, with the default where there is one
 */
record Option(List<String> names, Kind kind, String label, String help) {

    /** An option of the snapshot, declared once in {@link SnapshotOption}. */
    static Option of(SnapshotOption option) {
        String help = option.help() + (option.defaultValue() == null ? "" : " (default: " + option.defaultValue()
                + ")");
        return new Option(option.names(), option.kind(), option.label(), help);
    }

    /** One of the command line's own flags: {@code --flag}, {@code --flag=BOOL} or {@code --flag BOOL}. */
    static Option flag(String help, String... names) {
        return new Option(List.of(names), Kind.FLAG, "BOOL", help);
    }

    /** {@code --help} and {@code --version}: flags that show something instead of a run. */
    static Option request(String help, String... names) {
        return new Option(List.of(names), Kind.FLAG, null, help);
    }

    /** One of the command line's own options that take a value. */
    static Option value(String label, String help, String... names) {
        return new Option(List.of(names), Kind.VALUE, label, help);
    }

    String longName() {
        return names.get(names.size() - 1);
    }
}
