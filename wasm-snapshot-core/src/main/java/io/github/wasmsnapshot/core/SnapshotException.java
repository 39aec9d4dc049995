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
}
