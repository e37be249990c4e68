package org.emon.rest.internal;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The query parameters of {@code GET v1/meters/{id}/energy}, checked: each problem becomes a
 * {@link BadParameter} naming the parameter, answered 400.
 */
final class EnergyParameters {

    static final String DEFAULT_RESOLUTION = "hour";
    /** 9999-12-31T23:59:59.999Z: later instants overflow epoch milliseconds in places. */
    static final long MAX_MILLIS = 253_402_300_799_999L;

    /** A checked query: {@code [from, to)} cut by {@code resolution} in {@code zone}. */
    record Query(Instant from, Instant to, String resolution, ZoneId zone) {
    }

    /** A parameter a client got wrong; the message names it. */
    static final class BadParameter extends Exception {
        private static final long serialVersionUID = 1L;

        BadParameter(String message) {
            super(message, null, false, false);
        }
    }

    private EnergyParameters() {
    }

    /**
     * @param clock the server's clock: its zone is the default {@code tz}, its day the default
     *              range (start of today to now)
     */
    static Query parse(String from, String to, String resolution, String tz, Clock clock) throws BadParameter {
        Query range = range(from, to, tz, clock);
        return new Query(range.from(), range.to(), isBlank(resolution) ? DEFAULT_RESOLUTION : resolution.trim(), range.zone());
    }

    /**
     * A range {@code [from, to)} in a zone, defaulting to the start of today to now; the resolution
     * is left {@code null}.
     */
    static Query range(String from, String to, String tz, Clock clock) throws BadParameter {
        ZoneId zone = zone(tz, clock.getZone());
        Instant now = clock.instant();
        Instant start = isBlank(from) ? LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant() : instant("from", from);
        Instant end = isBlank(to) ? now : instant("to", to);
        if (!start.isBefore(end)) {
            throw new BadParameter("from (" + start + ") must be before to (" + end + ")");
        }
        return new Query(start, end, null, zone);
    }

    static ZoneId zone(String tz, ZoneId fallback) throws BadParameter {
        if (isBlank(tz)) {
            return fallback;
        }
        try {
            return ZoneId.of(plus(tz));
        } catch (DateTimeException e) {
            throw new BadParameter("tz: unknown time zone '" + tz + "': expected an IANA id such as Europe/Amsterdam");
        }
    }

    /** ISO-8601 with an offset (or Z), or epoch milliseconds. */
    static Instant instant(String name, String value) throws BadParameter {
        String text = plus(value);
        Instant instant;
        if (text.matches("-?[0-9]{1,18}")) {
            instant = Instant.ofEpochMilli(Long.parseLong(text));
        } else {
            try {
                instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw new BadParameter(name + ": cannot read '" + value
                        + "': expected ISO-8601 with an offset (2025-01-01T00:00:00+01:00) or milliseconds since 1970");
            }
        }
        if (instant.isBefore(Instant.EPOCH) || instant.isAfter(Instant.ofEpochMilli(MAX_MILLIS))) {
            throw new BadParameter(name + ": " + value + " is outside 1970-01-01 to 9999-12-31");
        }
        return instant;
    }

    /**
     * The value with spaces read as '+': an unencoded "+01:00" in a query string arrives as
     * " 01:00", and a space is never part of a valid time or zone.
     */
    private static String plus(String value) {
        return value.replace(' ', '+');
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
