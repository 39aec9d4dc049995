package io.github.wasmsnapshot.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Both WASI clocks when time is deterministic: one timeline that advances {@link #STEP} at every
 * read, so that a program waiting for time to pass still finishes. Realtime reads the start
 * instant plus the time elapsed; monotonic reads the time elapsed.
 */
final class VirtualClock {
    static final long STEP = Duration.ofMillis(1).toNanos();

    private final long startNanos;
    private long elapsedNanos;

    VirtualClock(Instant start) {
        this.startNanos = Math.addExact(Math.multiplyExact(start.getEpochSecond(), 1_000_000_000L), start.getNano());
    }

    long realtime() {
        return startNanos + tick();
    }

    long monotonic() {
        return tick();
    }

    private long tick() {
        elapsedNanos += STEP;
        return elapsedNanos;
    }
}
