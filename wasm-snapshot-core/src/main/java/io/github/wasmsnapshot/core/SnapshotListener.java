package io.github.wasmsnapshot.core;

/** Receives what the pipeline has to say while it runs; the CLI and the Maven plugin map it onto their logs. */
public interface SnapshotListener {
    SnapshotListener NONE = new SnapshotListener() {};

    default void debug(String message) {}

    default void warn(String message) {}
}
