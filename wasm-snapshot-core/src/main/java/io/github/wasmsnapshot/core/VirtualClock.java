package io.github.wasmsnapshot.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Both WASI clocks when time is deterministic: one timeline that advances {@link #STEP} at every
 * read, so that a program waiting for time to pass still finishes, and jumps to the deadline
 * of a sleep. Realtime reads the start instant plus the time elapsed; monotonic reads the time
 * elapsed.
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

    /** Where on the timeline a clock subscription's timeout (nanoseconds) falls. */
    long deadline(boolean realtime, long timeout, boolean absolute) {
        if (!absolute) {
            return saturatedAdd(elapsedNanos, timeout);
        }
        return realtime ? timeout - startNanos : timeout;
    }

    /** Sleeps until {@code deadline} without taking any time; returns the time elapsed since. */
    long sleepUntil(long deadline) {
        elapsedNanos = Math.max(elapsedNanos, deadline);
        return elapsedNanos;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private long tick() {
        elapsedNanos += STEP;
        return elapsedNanos;
    }
}
