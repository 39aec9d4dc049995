package io.github.wasmsnapshot.core;

import java.util.List;

/**
 * A front-end was given option values that cannot be used. Each problem is one line that names the option and says
 * why; the message joins them.
 */
public final class OptionException extends Exception {
    private final List<String> problems;

    public OptionException(String problem) {
        this(List.of(problem));
    }

    OptionException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
