package org.emon.api.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Reads the times and zones people and clients type, the same way for the REST API and the
 * console: a date-time with offset ({@code 2026-11-01T06:00+01:00}, {@code ...Z}, perhaps followed
 * by its zone as {@code [Europe/Amsterdam]}), a local
 * date-time ({@code 2026-11-01T06:00}, in the given zone), a date ({@code 2026-11-01}: its local
 * midnight) or milliseconds since 1970. A problem is an {@link IllegalArgumentException} whose
 * message says which forms are accepted; the caller names the parameter.
 */
public final class TimeParser {

    /** The earliest instant accepted: 1970-01-01T00:00:00Z. */
    public static final Instant EARLIEST = Instant.EPOCH;
    /** The latest instant accepted: 9999-12-31T23:59:59.999Z (later ones overflow in places). */
    public static final Instant LATEST = Instant.ofEpochMilli(253_402_300_799_999L);

    static final String FORMS = "a date (2026-11-01), a date-time with offset (2026-11-01T06:00+01:00),"
            + " a local date-time (2026-11-01T06:00) or milliseconds since 1970";

    private TimeParser() {
    }

    /**
     * An instant from any of the accepted forms.
     *
     * @param zone the zone of a date or a local date-time
     * @throws IllegalArgumentException naming the accepted forms, or the accepted range
     */
    public static Instant instant(String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty: expected " + FORMS);
        }
        // an unencoded '+' in a query string arrives as a space, and a space is never part of a valid time
        String v = text.strip().replace(' ', '+');
        Instant instant;
        try {
            if (v.matches("-?[0-9]{1,18}")) {
                instant = Instant.ofEpochMilli(Long.parseLong(v));
            } else if (v.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                instant = LocalDate.parse(v).atStartOfDay(zone).toInstant();
            } else if (v.matches(".*T.*(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)(\\[.+\\])?")) {
                // with an offset, and perhaps a zone after it as java.time writes one: 2026-11-01T06:00+01:00[Europe/Amsterdam]
                instant = ZonedDateTime.parse(v.replace('z', 'Z'), DateTimeFormatter.ISO_DATE_TIME).toInstant();
            } else {
                instant = LocalDateTime.parse(v).atZone(zone).toInstant();
            }
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("cannot read '" + printable(text) + "': expected " + FORMS);
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException(printable(text) + " is outside 1970-01-01 to 9999-12-31");
        }
        return instant;
    }

    /**
     * A time zone by its IANA name ({@code Europe/Amsterdam}) or {@code UTC}; {@code fallback} when
     * the text is empty.
     *
     * @throws IllegalArgumentException for a name that is not a zone
     */
    public static ZoneId zone(String text, ZoneId fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return ZoneId.of(text.replace(' ', '+').strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + printable(text)
                    + "': expected an IANA name such as Europe/Amsterdam, or UTC");
        }
    }

    private static String printable(String value) {
        String cut = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
