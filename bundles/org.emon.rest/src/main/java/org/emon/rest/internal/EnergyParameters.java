package org.emon.rest.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.emon.api.rest.ApiException;
import org.emon.api.time.TimeParser;

/**
 * The query parameters of a time range ({@code from}, {@code to}, {@code tz}, {@code resolution}),
 * read by the same {@link TimeParser} as the console: each problem is a 400 naming the parameter.
 */
final class EnergyParameters {

    static final String DEFAULT_RESOLUTION = "hour";

    /** A checked query: {@code [from, to)} cut by {@code resolution} in {@code zone}. */
    record Query(Instant from, Instant to, String resolution, ZoneId zone) {
    }

    private EnergyParameters() {
    }

    /**
     * @param clock the server's clock: its zone is the default {@code tz}, its day the default
     *              range (start of today to now)
     */
    static Query parse(String from, String to, String resolution, String tz, Clock clock) {
        Query range = range(from, to, tz, clock);
        return new Query(range.from(), range.to(), isBlank(resolution) ? DEFAULT_RESOLUTION : resolution.trim(), range.zone());
    }

    /**
     * A range {@code [from, to)} in a zone, defaulting to the start of today to now; the resolution
     * is left {@code null}. A date or local date-time is read in {@code tz}.
     */
    static Query range(String from, String to, String tz, Clock clock) {
        ZoneId zone = zone(tz, clock.getZone());
        Instant now = clock.instant();
        Instant start = isBlank(from) ? LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant() : instant("from", from, zone);
        Instant end = isBlank(to) ? now : instant("to", to, zone);
        if (!start.isBefore(end)) {
            throw ApiException.badRequest("from (" + start + ") must be before to (" + end + ")");
        }
        return new Query(start, end, null, zone);
    }

    static ZoneId zone(String tz, ZoneId fallback) {
        try {
            return TimeParser.zone(tz, fallback);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("tz: " + e.getMessage());
        }
    }

    /** Any form {@link TimeParser} reads; a date or local date-time in {@code zone}. */
    static Instant instant(String name, String value, ZoneId zone) {
        try {
            return TimeParser.instant(value, zone);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name + ": " + e.getMessage());
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
