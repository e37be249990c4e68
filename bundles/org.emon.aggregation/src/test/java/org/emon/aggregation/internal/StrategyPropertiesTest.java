package org.emon.aggregation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.emon.aggregation.internal.CalendarStrategy.Period;
import org.emon.api.aggregation.AggregationStrategy;
import org.emon.api.aggregation.Bucket;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;

/**
 * For random pulse sets, every strategy's buckets give the same counts as a naive reference that
 * files each pulse under its local calendar key, including across DST changes and in zones offset
 * by 30 and 45 minutes; and the counts add up to the pulses in the range.
 */
class StrategyPropertiesTest {

    private static final List<ZoneId> ZONES = List.of(ZoneId.of("Europe/Amsterdam"), ZoneId.of("America/New_York"),
            ZoneId.of("Asia/Kolkata"), ZoneId.of("Asia/Kathmandu"), ZoneId.of("UTC"));

    // around the 2025 DST changes in Europe (30 March, 26 October) and the US (9 March, 2 November)
    private static final long[] DST_DAYS = { Instant.parse("2025-03-09T00:00:00Z").toEpochMilli(),
            Instant.parse("2025-03-30T00:00:00Z").toEpochMilli(), Instant.parse("2025-10-26T00:00:00Z").toEpochMilli(),
            Instant.parse("2025-11-02T00:00:00Z").toEpochMilli() };

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZONES);
    }

    /** A centre: near a DST change (most often) or anywhere in 2000-2040. */
    @Provide
    Arbitrary<Long> centres() {
        Arbitrary<Long> nearDst = Arbitraries.of(0, 1, 2, 3).flatMap(i -> Arbitraries.longs()
                .between(DST_DAYS[i] - 86_400_000L, DST_DAYS[i] + 86_400_000L));
        Arbitrary<Long> anywhere = Arbitraries.longs().between(946_684_800_000L, 2_208_988_800_000L);
        return Arbitraries.frequencyOf(Tuple.of(4, nearDst), Tuple.of(1, anywhere));
    }

    /** 50 to 300 pulses within {@code spanMillis} around {@code centre}, as offsets in [-1, 1). */
    @Provide
    Arbitrary<List<Double>> offsets() {
        return Arbitraries.doubles().between(-1, 1).list().ofMinSize(50).ofMaxSize(300);
    }

    /** Spreads pulses over a span that keeps the number of buckets small enough to check. */
    private static List<Long> pulses(long centre, List<Double> offsets, long spanMillis) {
        return offsets.stream().map(o -> centre + (long) (o * spanMillis)).toList();
    }

    private static long spanFor(Period period) {
        return switch (period) {
            case MINUTE, QUARTER_HOUR -> 86_400_000L; // a day either side
            case HOUR -> 10 * 86_400_000L;
            default -> 2_000 * 86_400_000L; // more than five years
        };
    }

    @Property(tries = 300)
    void calendarBucketsEqualTheNaiveLocalKeys(@ForAll("centres") long centre, @ForAll("offsets") List<Double> offsets,
            @ForAll("zones") ZoneId zone, @ForAll Period period) {
        List<Long> pulses = pulses(centre, offsets, spanFor(period));
        check(new CalendarStrategy(period), pulses, zone, t -> naiveKey(period, t, zone));
    }

    @Property(tries = 200)
    void fixedBucketsEqualEpochDivision(@ForAll("centres") long centre, @ForAll("offsets") List<Double> offsets,
            @ForAll("zones") ZoneId zone, @ForAll @LongRange(min = 1, max = 200_000) long seconds) {
        List<Long> pulses = pulses(centre, offsets, Math.min(10 * 86_400_000L, seconds * 1000 * 5_000));
        check(new FixedIntervalStrategy(seconds), pulses, zone,
                t -> Instant.ofEpochMilli(Math.floorDiv(t, seconds * 1000) * seconds * 1000).toString());
    }

    /**
     * Buckets from the first to the last pulse: contiguous, each pulse in exactly one, the counts
     * equal to the reference's groups, and the total equal to the number of pulses.
     */
    private static void check(AggregationStrategy strategy, List<Long> pulses, ZoneId zone, Function<Long, String> naiveKey) {
        long first = pulses.stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = pulses.stream().mapToLong(Long::longValue).max().orElseThrow();
        List<Bucket> buckets = strategy.buckets(Instant.ofEpochMilli(first), Instant.ofEpochMilli(last + 1), zone);

        for (int i = 1; i < buckets.size(); i++) {
            assertThat(buckets.get(i).start()).isEqualTo(buckets.get(i - 1).end());
        }
        assertThat(buckets.get(0).start()).isBeforeOrEqualTo(Instant.ofEpochMilli(first));
        assertThat(buckets.get(buckets.size() - 1).end()).isAfter(Instant.ofEpochMilli(last));

        Map<String, Long> expected = pulses.stream().collect(Collectors.groupingBy(naiveKey, TreeMap::new, Collectors.counting()));
        long[] sorted = pulses.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Long> actual = new TreeMap<>();
        long total = 0;
        for (Bucket bucket : buckets) {
            // a bucket is exactly one period: its first and last millisecond share a key, the ones
            // just before and just after it do not
            String key = naiveKey.apply(bucket.start().toEpochMilli());
            assertThat(naiveKey.apply(bucket.start().toEpochMilli() - 1)).as("before %s", bucket).isNotEqualTo(key);
            assertThat(naiveKey.apply(bucket.end().toEpochMilli() - 1)).as("end of %s", bucket).isEqualTo(key);
            assertThat(naiveKey.apply(bucket.end().toEpochMilli())).as("after %s", bucket).isNotEqualTo(key);
            int from = lowerBound(sorted, bucket.start().toEpochMilli());
            int to = lowerBound(sorted, bucket.end().toEpochMilli());
            if (to > from) {
                // every pulse of a bucket must have the same reference key
                List<String> keys = java.util.Arrays.stream(sorted, from, to).mapToObj(naiveKey::apply).distinct().toList();
                assertThat(keys).as("reference keys of the pulses in %s", bucket).hasSize(1);
                actual.merge(keys.get(0), (long) (to - from), Long::sum);
                total += to - from;
            }
        }
        assertThat(total).isEqualTo(pulses.size());
        assertThat(actual).isEqualTo(expected);
    }

    /** The index of the first element not below {@code value}. */
    private static int lowerBound(long[] sorted, long value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The local calendar period of an instant, spelled out independently of the strategy. */
    private static String naiveKey(Period period, long t, ZoneId zone) {
        ZonedDateTime local = Instant.ofEpochMilli(t).atZone(zone);
        return switch (period) {
            // the offset keeps the two 02:00 hours of an autumn night apart
            case MINUTE -> local.truncatedTo(ChronoUnit.MINUTES).toOffsetDateTime().toString();
            case QUARTER_HOUR -> local.truncatedTo(ChronoUnit.MINUTES).withMinute(local.getMinute() / 15 * 15).toOffsetDateTime().toString();
            case HOUR -> local.truncatedTo(ChronoUnit.HOURS).toOffsetDateTime().toString();
            case DAY -> local.toLocalDate().toString();
            case WEEK -> local.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
            case MONTH -> local.toLocalDate().withDayOfMonth(1).toString();
            case YEAR -> Integer.toString(local.getYear());
        };
    }
}
