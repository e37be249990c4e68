package org.emon.aggregation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.emon.api.aggregation.Bucket;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;

/**
 * For random schedules, zones and ranges (mostly around DST changes), the tariff buckets cover the
 * range without gap or overlap, stay within a local day, are no finer than they must be, and every
 * minute of them (so every millisecond: all boundaries fall on whole minutes) carries the label a
 * naive reading of the schedule gives for its local time.
 */
class TariffStrategyPropertiesTest {

    private static final long MINUTE = 60_000;
    private static final long DAY = 86_400_000;

    /** Around the 2025 DST changes in Europe and the US, and Lord Howe's half-hour shifts. */
    private static final List<Tuple.Tuple2<ZoneId, Instant>> DST_CHANGES = List.of(
            Tuple.of(ZoneId.of("Europe/Amsterdam"), Instant.parse("2025-03-30T01:00:00Z")),
            Tuple.of(ZoneId.of("Europe/Amsterdam"), Instant.parse("2025-10-26T01:00:00Z")),
            Tuple.of(ZoneId.of("America/New_York"), Instant.parse("2025-03-09T07:00:00Z")),
            Tuple.of(ZoneId.of("America/New_York"), Instant.parse("2025-11-02T06:00:00Z")),
            Tuple.of(ZoneId.of("Australia/Lord_Howe"), Instant.parse("2025-04-05T15:00:00Z")),
            Tuple.of(ZoneId.of("Asia/Kathmandu"), Instant.parse("2025-06-01T00:00:00Z")));

    /** A rule as the reference reads it: peak on each listed day from start for length minutes. */
    record RefRule(List<DayOfWeek> days, boolean everyDay, int start, int end) {

        String text() {
            String dayText = everyDay ? "" : days.size() == 1 ? abbrev(days.get(0)) + " "
                    : abbrev(days.get(0)) + "-" + abbrev(days.get(days.size() - 1)) + " ";
            return dayText + hhmm(start) + "-" + hhmm(end);
        }

        /** On the minute-of-the-week line: [day start + start, + length), wrapping round the week. */
        boolean covers(DayOfWeek day, int minuteOfDay) {
            int length = end > start ? end - start : end + 1440 - start;
            int minuteOfWeek = (day.getValue() - 1) * 1440 + minuteOfDay;
            for (DayOfWeek d : days) {
                int since = Math.floorMod(minuteOfWeek - ((d.getValue() - 1) * 1440 + start), 7 * 1440);
                if (since < length) {
                    return true;
                }
            }
            return false;
        }
    }

    private static String abbrev(DayOfWeek day) {
        return day.name().substring(0, 3).toLowerCase(Locale.ROOT);
    }

    private static String hhmm(int minutes) {
        return String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
    }

    @Provide
    Arbitrary<RefRule> rules() {
        // often in the hours DST changes touch, else anywhere on a quarter hour, sometimes any minute
        Arbitrary<Integer> minute = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(60, 200)),
                Tuple.of(3, Arbitraries.integers().between(0, 95).map(q -> q * 15)),
                Tuple.of(1, Arbitraries.integers().between(0, 1439)));
        Arbitrary<List<DayOfWeek>> days = Combinators.combine(Arbitraries.of(DayOfWeek.class), Arbitraries.integers().between(0, 6))
                .as((first, extra) -> {
                    List<DayOfWeek> list = new ArrayList<>();
                    for (int i = 0; i <= extra; i++) {
                        list.add(first.plus(i));
                    }
                    return list;
                });
        return Combinators.combine(days, Arbitraries.integers().between(0, 4), minute, minute, Arbitraries.of(false, true))
                .as((list, everyDayDie, start, end, toMidnight) -> {
                    boolean everyDay = everyDayDie == 0;
                    int e = toMidnight ? 1440 : end;
                    if (start == e % 1440) {
                        e = (start + 15) % 1440 == 0 ? 1440 : (start + 15) % 1440;
                    }
                    return new RefRule(everyDay ? List.of(DayOfWeek.values()) : list, everyDay, start, e);
                });
    }

    @Provide
    Arbitrary<Tuple.Tuple2<ZoneId, Instant>> places() {
        Arbitrary<Tuple.Tuple2<ZoneId, Instant>> nearChange = Arbitraries.of(DST_CHANGES)
                .flatMap(c -> Arbitraries.longs().between(-3 * DAY, DAY).map(d -> Tuple.of(c.get1(), c.get2().plusMillis(d))));
        Arbitrary<Tuple.Tuple2<ZoneId, Instant>> anywhere = Arbitraries.of(ZoneId.of("Europe/Amsterdam"), ZoneId.of("America/New_York"))
                .flatMap(z -> Arbitraries.longs().between(946_684_800_000L, 2_208_988_800_000L).map(t -> Tuple.of(z, Instant.ofEpochMilli(t))));
        return Arbitraries.frequencyOf(Tuple.of(5, nearChange), Tuple.of(1, anywhere));
    }

    @Property(tries = 300)
    void bucketsCoverTheRangeAndCarryTheNaiveLabelOfEveryMinute(@ForAll("rules") RefRule r1, @ForAll("rules") RefRule r2,
            @ForAll("rules") RefRule r3, @ForAll @LongRange(min = 1, max = 3) long ruleCount, @ForAll("places") Tuple.Tuple2<ZoneId, Instant> place,
            @ForAll @LongRange(min = 0, max = 5 * 86_400_000L) long length) {
        List<RefRule> rules = List.of(r1, r2, r3).subList(0, (int) ruleCount);
        String text = rules.stream().map(RefRule::text).collect(Collectors.joining(", "));
        TariffStrategy strategy = new TariffStrategy("t", text, "P", "O");
        ZoneId zone = place.get1();
        Instant from = place.get2();
        Instant to = from.plusMillis(length);

        List<Bucket> buckets = strategy.buckets(from, to, zone);

        assertThat(buckets).as("schedule '%s'", text).isNotEmpty();
        Bucket first = buckets.get(0);
        Bucket last = buckets.get(buckets.size() - 1);
        assertThat(first.start()).isBeforeOrEqualTo(from);
        assertThat(first.end()).isAfter(from);
        assertThat(last.end()).isAfterOrEqualTo(to);
        assertThat(last.start()).isBefore(to.isAfter(from) ? to : from.plusMillis(1));
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            assertThat(b.start().toEpochMilli() % MINUTE).as("%s starts on a minute", b).isZero();
            assertThat(LocalDate.ofInstant(b.start(), zone)).as("%s within one local day", b)
                    .isEqualTo(LocalDate.ofInstant(b.end().minusMillis(1), zone));
            if (i > 0) {
                Bucket previous = buckets.get(i - 1);
                assertThat(b.start()).as("no gap or overlap").isEqualTo(previous.end());
                boolean sameLabel = b.label().equals(previous.label());
                boolean sameDay = LocalDate.ofInstant(b.start(), zone).equals(LocalDate.ofInstant(previous.start(), zone));
                assertThat(sameLabel && sameDay).as("%s needlessly split from %s", b, previous).isFalse();
            }
            for (long t = b.start().toEpochMilli(); t < b.end().toEpochMilli(); t += MINUTE) {
                assertThat(b.label()).as("schedule '%s' in %s at %s", text, zone, Instant.ofEpochMilli(t).atZone(zone))
                        .isEqualTo(naiveLabel(rules, t, zone));
            }
            // and at the bucket's last millisecond, where an off-by-one would show
            assertThat(b.label()).isEqualTo(naiveLabel(rules, b.end().toEpochMilli() - 1, zone));
        }
    }

    private static String naiveLabel(List<RefRule> rules, long t, ZoneId zone) {
        ZonedDateTime local = Instant.ofEpochMilli(t).atZone(zone);
        int minuteOfDay = local.getHour() * 60 + local.getMinute();
        return rules.stream().anyMatch(r -> r.covers(local.getDayOfWeek(), minuteOfDay)) ? "P" : "O";
    }
}
