package io.github.wasmsnapshot.core;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How an initializer runs. The output's bytes never depend on it: initialization is deterministic, so every engine
 * leaves the same state.
 */
public enum Engine {
    /**
     * Interpret at once; in the background, compile the module with Chicory's compiler, and once that is done run a
     * compiled initialization from scratch instead, unless the interpreter finished first: the short initializers
     * never wait for a compiler, the long ones do not stay interpreted. A module that uses SIMD is interpreted.
     */
    AUTO,
    /** Chicory's interpreter, with our SIMD: no compile cost, slow on long initializers. */
    INTERPRETER,
    /**
     * Chicory's runtime compiler, to JVM bytecode: a compile cost first (cached across runs), then fast. A module
     * that uses SIMD, which it cannot compile, is interpreted, with a warning.
     */
    COMPILER;

    /** {@code auto}, {@code interpreter} or {@code compiler}, as the options spell them. */
    public static Engine parse(String text) {
        for (Engine engine : values()) {
            if (engine.toString().equals(text.strip().toLowerCase())) {
                return engine;
            }
        }
        throw new IllegalArgumentException("takes " + Arrays.stream(values()).map(Engine::toString)
                .collect(Collectors.joining(", ")) + ", got '" + text + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
