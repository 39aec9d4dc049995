package io.github.wasmsnapshot.core;

import java.util.Optional;

/**
 * The module was refused or could not be pre-initialized. The message is meant for the user as
 * it is: one line that says what is wrong and where.
 */
public class SnapshotException extends Exception {
    public SnapshotException(String message) {
        super(oneLine(message));
    }

    public SnapshotException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /**
     * Writes control characters as escapes: a module's names (of imports, exports, sections, functions) may hold
     * any, and the message must stay one line and must not drive the user's terminal.
     */
    private static String oneLine(String message) {
        StringBuilder line = new StringBuilder(message.length());
        message.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        line.append(String.format("\\u%04x", c));
                    } else {
                        line.appendCodePoint(c);
                    }
                }
            }
        });
        return line.toString();
    }

    /**
     * The JVM ran out of heap while {@code doing} (empty, or words such as "in the init function"); the message says
     * which setting gives it more, for both front-ends.
     */
    public static SnapshotException outOfHeap(String doing, OutOfMemoryError e) {
        return new SnapshotException("ran out of Java heap " + (doing.isEmpty() ? "" : doing + " ") + "("
                + e.getMessage() + "): give the JVM more heap, with java -Xmx (for example -Xmx4g), or"
                + " MAVEN_OPTS=-Xmx4g for Maven", e);
    }

    /** How deep a chain of causes is searched for running out of heap. */
    private static final int MAX_CAUSES = 16;

    /**
     * {@link #outOfHeap} if {@code e} is running out of heap, also as the cause of another error: linking a lambda or
     * loading a class, a fresh JVM may need heap too, and says so in an {@link InternalError} or a linkage error.
     */
    public static Optional<SnapshotException> outOfHeapIn(Throwable e) {
        Throwable cause = e;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError outOfHeap) {
                return Optional.of(outOfHeap("", outOfHeap));
            }
        }
        return Optional.empty();
    }
}
