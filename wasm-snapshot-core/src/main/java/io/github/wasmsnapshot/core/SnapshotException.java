package io.github.wasmsnapshot.core;

/**
 * The module was refused or could not be pre-initialized. The message is meant for the user as
 * it is: one line that says what is wrong and where.
 */
public class SnapshotException extends Exception {
    public SnapshotException(String message) {
        super(message);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
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
}
