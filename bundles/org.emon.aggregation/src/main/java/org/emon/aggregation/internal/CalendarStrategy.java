package org.emon.aggregation.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.emon.api.aggregation.AggregationStrategy;
import org.emon.api.aggregation.Bucket;

/**
 * Calendar periods in a time zone: a day runs from local midnight to local midnight (23 or 25 hours
 * on DST days), an hour from one local full hour to the next (the repeated hour of an autumn night
 * is two buckets), weeks are ISO weeks (Monday first).
 */
public final class CalendarStrategy implements AggregationStrategy {

    /** The periods, by the name a query selects them with. */
    public enum Period {
        MINUTE, QUARTER_HOUR, HOUR, DAY, WEEK, MONTH, YEAR;

        public String strategyName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Period period;

    public CalendarStrategy(Period period) {
        this.period = period;
    }

    @Override
    public String name() {
        return period.strategyName();
    }

    @Override
    public List<Bucket> buckets(Instant from, Instant to, ZoneId zone) {
        List<Bucket> buckets = new ArrayList<>();
        Instant start = startOf(from, zone);
        do {
            Instant end = next(start, zone);
            buckets.add(new Bucket(start, end));
            start = end;
        } while (start.isBefore(to));
        return buckets;
    }

    /** The start of the period that holds {@code t}. */
    Instant startOf(Instant t, ZoneId zone) {
        ZonedDateTime local = t.atZone(zone);
        return switch (period) {
            // Sub-day periods are cut on the instant line: every zone's offset, and every DST shift,
            // is a whole number of quarter hours, so local boundaries fall on these instants.
            case MINUTE -> local.truncatedTo(ChronoUnit.MINUTES).toInstant();
            case QUARTER_HOUR -> local.truncatedTo(ChronoUnit.MINUTES)
                    .withMinute(local.getMinute() - local.getMinute() % 15).toInstant();
            case HOUR -> local.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> midnight(local.toLocalDate(), zone);
            case WEEK -> midnight(local.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), zone);
            case MONTH -> midnight(local.toLocalDate().withDayOfMonth(1), zone);
            case YEAR -> midnight(local.toLocalDate().withDayOfYear(1), zone);
        };
    }

    /** The start of the period after the one that starts at {@code start}. */
    private Instant next(Instant start, ZoneId zone) {
        LocalDate date = start.atZone(zone).toLocalDate();
        return switch (period) {
            case MINUTE -> subDay(start, 1, zone);
            case QUARTER_HOUR -> subDay(start, 15, zone);
            case HOUR -> subDay(start, 60, zone);
            case DAY -> midnight(date.plusDays(1), zone);
            case WEEK -> midnight(date.plusWeeks(1), zone);
            case MONTH -> midnight(date.plusMonths(1), zone);
            case YEAR -> midnight(date.plusYears(1), zone);
        };
    }

    /** One period of {@code minutes} later, re-aligned to local time where an offset change moved it. */
    private Instant subDay(Instant start, long minutes, ZoneId zone) {
        Instant later = start.plus(minutes, ChronoUnit.MINUTES);
        Instant aligned = startOf(later, zone);
        return aligned.isAfter(start) ? aligned : later;
    }

    /** Local midnight, or the first instant of that day where midnight does not exist (a DST gap). */
    private static Instant midnight(LocalDate date, ZoneId zone) {
        return date.atStartOfDay(zone).toInstant();
    }
}
