package io.github.wasmsnapshot.core;

/** The pre-initialized module and what it took to make it. */
public record SnapshotResult(byte[] output, Report report) {}
