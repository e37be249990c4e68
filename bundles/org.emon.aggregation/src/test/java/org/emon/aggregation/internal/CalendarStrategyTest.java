package org.emon.aggregation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.emon.aggregation.internal.CalendarStrategy.Period;
import org.emon.api.aggregation.Bucket;
import org.junit.jupiter.api.Test;

class CalendarStrategyTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    @Test
    void dstDaysIn_Amsterdam_Last23And25Hours() {
        List<Bucket> spring = new CalendarStrategy(Period.DAY).buckets(Instant.parse("2025-03-30T10:00:00Z"), Instant.parse("2025-03-30T11:00:00Z"), AMSTERDAM);
        assertThat(spring).hasSize(1);
        assertThat(spring.get(0).start()).isEqualTo(Instant.parse("2025-03-29T23:00:00Z"));
        assertThat(Duration.between(spring.get(0).start(), spring.get(0).end())).isEqualTo(Duration.ofHours(23));

        List<Bucket> autumn = new CalendarStrategy(Period.DAY).buckets(Instant.parse("2025-10-26T10:00:00Z"), Instant.parse("2025-10-26T11:00:00Z"), AMSTERDAM);
        assertThat(Duration.between(autumn.get(0).start(), autumn.get(0).end())).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void theRepeatedAutumnHourIsTwoBucketsAndAYearOfHoursIs8760() {
        List<Bucket> hours = new CalendarStrategy(Period.HOUR).buckets(Instant.parse("2025-10-25T22:00:00Z"), Instant.parse("2025-10-26T23:00:00Z"), AMSTERDAM);
        assertThat(hours).hasSize(25);
        List<Bucket> year = new CalendarStrategy(Period.HOUR).buckets(Instant.parse("2024-12-31T23:00:00Z"), Instant.parse("2025-12-31T23:00:00Z"), AMSTERDAM);
        assertThat(year).hasSize(8760);
    }

    @Test
    void hoursInKathmanduStartAtQuarterPast() {
        List<Bucket> hours = new CalendarStrategy(Period.HOUR).buckets(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:01Z"), ZoneId.of("Asia/Kathmandu"));
        assertThat(hours.get(0).start()).isEqualTo(Instant.parse("2024-12-31T23:15:00Z"));
        assertThat(new CalendarStrategy(Period.QUARTER_HOUR).name()).isEqualTo("quarter-hour");
    }

    @Test
    void fixedIntervalsAlignToTheEpoch() {
        List<Bucket> buckets = new FixedIntervalStrategy(600).buckets(Instant.ofEpochSecond(1_000), Instant.ofEpochSecond(1_900), ZoneId.of("UTC"));
        assertThat(buckets).extracting(b -> b.start().getEpochSecond()).containsExactly(600L, 1200L, 1800L);
        assertThat(new FixedIntervalStrategy(600).name()).isEqualTo("600");
    }
}
