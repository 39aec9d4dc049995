package io.github.wasmsnapshot.core;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** The one grammar of instants in options: seconds since 1970, or an ISO-8601 date-time with an offset. */
final class Instants {
    private Instants() {}

    static Instant parse(String text) {
        try {
            if (text.matches("-?[0-9]+")) {
                return Instant.ofEpochSecond(Long.parseLong(text));
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (NumberFormatException | DateTimeException e) {
            throw new IllegalArgumentException("takes an ISO-8601 instant (2024-01-01T00:00:00Z) or seconds since"
                    + " 1970, got '" + text + "'");
        }
    }
}
