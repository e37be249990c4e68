package org.emon.rest.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times as the API writes them: ISO-8601 with the offset of a zone at that time. */
final class Iso {

    private Iso() {
    }

    static String format(Instant instant, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zone));
    }

    /** A time in milliseconds since 1970, or {@code null} for 0 (none). */
    static String millis(long millis, ZoneId zone) {
        return millis <= 0 ? null : format(Instant.ofEpochMilli(millis), zone);
    }
}
