package io.github.wasmsnapshot.core;

/** Receives what the pipeline has to say while it runs; the CLI and the Maven plugin map it onto their logs. */
public interface SnapshotListener {
    SnapshotListener NONE = new SnapshotListener() {};

    default void debug(String message) {}

    /** Something the user should know though nothing is wrong. */
    default void info(String message) {}

    /** A long initialization is still running; said every ten seconds. */
    default void progress(String message) {}

    default void warn(String message) {}

    /** A line the initializer wrote to WASI stdout, without its line terminator. */
    default void stdout(String line) {}

    /** A line the initializer wrote to WASI stderr, without its line terminator. */
    default void stderr(String line) {}
}
