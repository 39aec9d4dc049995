package io.github.wasmsnapshot.core;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the WASI clock starts when {@link SnapshotOption#WASI_CLOCK_START} is not given: the time a front-end's
 * build declares, so that the snapshot records the build's time, not the time it ran. It is read only when it is
 * used (WASI on, no clock start given), so a malformed value breaks only the builds it would affect.
 */
public final class ClockStartDefault {
    /** No build time: the clock starts at {@link Defaults#CLOCK_START}. */
    public static final ClockStartDefault NONE = new ClockStartDefault(null, null, false);

    private final String source;
    private final String value;
    private final boolean secondsOnly;

    private ClockStartDefault(String source, String value, boolean secondsOnly) {
        this.source = source;
        this.value = value;
        this.secondsOnly = secondsOnly;
    }

    /** The reproducible-builds.org variable: whole seconds since 1970; unset or empty means none. */
    public static ClockStartDefault sourceDateEpoch(String value) {
        return new ClockStartDefault("SOURCE_DATE_EPOCH", value == null || value.isEmpty() ? null : value, true);
    }

    /**
     * Maven's {@code project.build.outputTimestamp}, read as Maven's plugins read it: seconds since 1970 or an
     * ISO-8601 date-time with offset; none, or a single non-digit character (Maven's way to unset an inherited
     * value), means none.
     */
    public static ClockStartDefault outputTimestamp(String value) {
        String stripped = value == null ? "" : value.strip();
        boolean unset = stripped.length() < 2 && !stripped.matches("[0-9]");
        return new ClockStartDefault("project.build.outputTimestamp", unset ? null : stripped, false);
    }

    /**
     * A clock start that a front-end resolved already: another JVM that works for it resolves the same options with
     * this one as it did with its own default.
     */
    public static ClockStartDefault resolved(Instant start) {
        return new ClockStartDefault("the resolved clock start", start.toString(), false);
    }

    Optional<Instant> instant() throws OptionException {
        if (value == null) {
            return Optional.empty();
        }
        try {
            Instant instant = secondsOnly ? Instant.ofEpochSecond(Long.parseLong(value)) : Instants.parse(value);
            return Optional.of(WasiConfig.checkClockStart(instant));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new OptionException(source + " is '" + value + "', which cannot start the WASI clock: it must be "
                    + (secondsOnly ? "whole seconds since 1970" : "seconds since 1970 or an ISO-8601 date-time with"
                            + " offset")
                    + ", from 1970 to 2100; fix it, or give " + SnapshotOption.WASI_CLOCK_START);
        }
    }
}
