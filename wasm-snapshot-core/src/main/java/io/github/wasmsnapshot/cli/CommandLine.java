package io.github.wasmsnapshot.cli;

import io.github.wasmsnapshot.core.SnapshotOption.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A command line, read against a list of options and at most one positional argument, in the spellings it had when
 * picocli read it: {@code --name VALUE}, {@code --name=VALUE}, {@code -n VALUE}, {@code -n=VALUE}, {@code -nVALUE};
 * short flags may be joined ({@code -vh}); {@code --} ends the options. A flag takes {@code true} or {@code false}
 * from the next argument and nothing else, so that {@code --flag INPUT} still reads INPUT; given with {@code =} it
 * keeps any text, for the caller to refuse with its own message. The values are the text given (only a flag's true
 * or false is made lower case), in order. An option's value after a space must not be another option or {@code --}
 * ({@code -o --verbose} forgot the file); one that merely starts with a dash ({@code --timeout -1}) is a value.
 *
 * <p>A mistake does not stop the reading: the first is kept, so that a caller may still honour {@code --help}
 * given anywhere on a line that has one.
 *
 * @param values every option given, by its long name, with its values in order (keyed by the record, the map would
 *     bootstrap records' hashCode, about 8 ms of every start)
 * @param positional the positional argument; null when absent
 * @param error the first mistake, one line that says what and where
 */
record CommandLine(Map<String, List<String>> values, String positional, Optional<String> error) {
    private static final String END_OF_OPTIONS = "--";

    static CommandLine read(List<Option> options, String... args) {
        return new Reading(options, args).read();
    }

    /** The one pass over the arguments. */
    private static final class Reading {
        private final Map<String, Option> byName = new HashMap<>();
        private final String[] args;
        private final Map<String, List<String>> values = new HashMap<>();
        private int next;
        private String positional;
        private String error;

        Reading(List<Option> options, String[] args) {
            for (Option option : options) {
                option.names().forEach(name -> byName.put(name, option));
            }
            this.args = args;
        }

        CommandLine read() {
            boolean optionsEnded = false;
            while (next < args.length) {
                int index = next++;
                String arg = args[index];
                if (!optionsEnded && arg.equals(END_OF_OPTIONS)) {
                    optionsEnded = true;
                } else if (!optionsEnded && arg.startsWith("--")) {
                    longOption(arg);
                } else if (!optionsEnded && arg.startsWith("-") && arg.length() > 1) {
                    shortOptions(arg);
                } else if (positional == null) {
                    positional = arg;
                } else {
                    fail("Unmatched argument at index " + index + ": '" + arg + "'");
                }
            }
            return new CommandLine(values, positional, Optional.ofNullable(error));
        }

        /** {@code --name} or {@code --name=VALUE}. */
        private void longOption(String arg) {
            Option option = named(arg);
            if (option == null) {
                fail("Unknown option: '" + arg + "'");
                return;
            }
            int equals = arg.indexOf('=');
            given(option, equals < 0 ? null : arg.substring(equals + 1));
        }

        /** {@code -n}, {@code -n=VALUE}, {@code -nVALUE}, or flags joined: {@code -vh}. */
        private void shortOptions(String arg) {
            Option option = named(arg);
            if (option == null) {
                fail("Unknown option: '" + arg + "'");
                return;
            }
            String rest = arg.substring(2);
            if (rest.isEmpty()) {
                given(option, null);
            } else if (rest.startsWith("=")) {
                given(option, rest.substring(1));
            } else if (option.kind() != Kind.FLAG || isBoolean(rest)) {
                given(option, rest);
            } else {
                // a flag joined to more short options: the argument after them is not its value
                given(option, "true");
                shortOptions("-" + rest);
            }
        }

        /** The option that {@code arg} names, or null: {@code --name[=...]}, or {@code -n...}. */
        private Option named(String arg) {
            if (arg.startsWith("--")) {
                int equals = arg.indexOf('=');
                return byName.get(equals < 0 ? arg : arg.substring(0, equals));
            }
            return arg.startsWith("-") && arg.length() > 1 ? byName.get(arg.substring(0, 2)) : null;
        }

        private void given(Option option, String attached) {
            String value = switch (option.kind()) {
                case FLAG -> attached != null ? attached
                        : next < args.length && isBoolean(args[next]) ? args[next++] : "true";
                case VALUE, REPEATED -> attached != null ? attached : following(option);
            };
            if (value == null) {
                return;
            }
            if (option.kind() != Kind.REPEATED && values.containsKey(option.longName())) {
                fail("option '" + option.longName() + "' (" + option.label() + ") should be specified only once");
                return;
            }
            String text = option.kind() == Kind.FLAG && isBoolean(value) ? value.toLowerCase(Locale.ROOT) : value;
            values.computeIfAbsent(option.longName(), name -> new ArrayList<>()).add(text);
        }

        /** The next argument as the option's value; null, after a mistake, where there is none. */
        private String following(Option option) {
            if (next == args.length) {
                fail("Missing required parameter for option '" + option.longName() + "' (" + option.label() + ")");
                return null;
            }
            String value = args[next];
            if (value.equals(END_OF_OPTIONS) || named(value) != null) {
                fail("Expected parameter for option '" + option.longName() + "' but found '" + value + "'");
                return null;
            }
            next++;
            return value;
        }

        private static boolean isBoolean(String text) {
            return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
        }

        private void fail(String message) {
            if (error == null) {
                error = message;
            }
        }
    }
}
