package io.github.wasmsnapshot.maven;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Reads an instant as Maven's plugins read {@code project.build.outputTimestamp}. */
final class ClockStart {
    private ClockStart() {}

    /**
     * Seconds since 1970 ({@code 1704067200}) or an ISO-8601 date-time with offset ({@code 2024-01-01T00:00:00Z},
     * {@code 2024-01-01T01:00:00+01:00}); empty if it is neither.
     */
    static Optional<Instant> parse(String text) {
        try {
            if (text.matches("-?[0-9]+")) {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(text)));
            }
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (NumberFormatException | DateTimeException e) {
            return Optional.empty();
        }
    }
}
