package org.emon.aggregation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.emon.api.aggregation.Bucket;
import org.junit.jupiter.api.Test;

class TariffStrategyTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final TariffStrategy DUTCH = new TariffStrategy("tariff", "mon-fri 07:00-23:00", "peak", "off-peak");

    private static Instant local(String dateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(dateTime), AMSTERDAM).toInstant();
    }

    private static String describe(Bucket b) {
        return b.start().atZone(AMSTERDAM).toLocalDateTime() + " " + b.end().atZone(AMSTERDAM).toLocalDateTime() + " " + b.label();
    }

    @Test
    void aDutchWorkdayIsNightPeakEveningAndAWeekendDayIsOneOffPeakBucket() {
        // Friday 4 and Saturday 5 April 2025
        List<Bucket> buckets = DUTCH.buckets(local("2025-04-04T00:00"), local("2025-04-06T00:00"), AMSTERDAM);
        assertThat(buckets).extracting(TariffStrategyTest::describe).containsExactly(
                "2025-04-04T00:00 2025-04-04T07:00 off-peak",
                "2025-04-04T07:00 2025-04-04T23:00 peak",
                "2025-04-04T23:00 2025-04-05T00:00 off-peak",
                "2025-04-05T00:00 2025-04-06T00:00 off-peak");
    }

    @Test
    void theFirstBucketStartsAtTheChangeBeforeFromAndTheLastEndsAfterTo() {
        List<Bucket> buckets = DUTCH.buckets(local("2025-04-04T10:15"), local("2025-04-04T10:16"), AMSTERDAM);
        assertThat(buckets).extracting(TariffStrategyTest::describe).containsExactly("2025-04-04T07:00 2025-04-04T23:00 peak");
        // an empty range still names the bucket it falls in
        assertThat(DUTCH.buckets(local("2025-04-04T23:30"), local("2025-04-04T23:30"), AMSTERDAM))
                .extracting(TariffStrategyTest::describe).containsExactly("2025-04-04T23:00 2025-04-05T00:00 off-peak");
    }

    @Test
    void dstSundaysInAmsterdamAreOneOffPeakBucketOf23And25Hours() {
        List<Bucket> spring = DUTCH.buckets(local("2025-03-30T12:00"), local("2025-03-30T13:00"), AMSTERDAM);
        assertThat(spring).hasSize(1);
        assertThat(Duration.between(spring.get(0).start(), spring.get(0).end())).isEqualTo(Duration.ofHours(23));
        List<Bucket> autumn = DUTCH.buckets(local("2025-10-26T12:00"), local("2025-10-26T13:00"), AMSTERDAM);
        assertThat(Duration.between(autumn.get(0).start(), autumn.get(0).end())).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void aBoundaryInTheSkippedHourTakesEffectWhenItEndsAndInTheRepeatedHourTwice() {
        TariffStrategy night = new TariffStrategy("night", "02:30-02:45", "cheap", "normal");
        // spring: 02:00-03:00 does not exist, so 02:30-02:45 never happens
        List<Bucket> spring = night.buckets(Instant.parse("2025-03-29T23:00:00Z"), Instant.parse("2025-03-30T22:00:00Z"), AMSTERDAM);
        assertThat(spring).extracting(Bucket::label).containsOnly("normal");
        // autumn: 02:30-02:45 happens at +02:00 and again at +01:00
        List<Bucket> autumn = night.buckets(Instant.parse("2025-10-25T22:00:00Z"), Instant.parse("2025-10-26T23:00:00Z"), AMSTERDAM);
        assertThat(autumn).filteredOn(b -> b.label().equals("cheap")).extracting(Bucket::start)
                .containsExactly(Instant.parse("2025-10-26T00:30:00Z"), Instant.parse("2025-10-26T01:30:00Z"));
    }

    @Test
    void rulesRunPastMidnightAndAreCutThere() {
        TariffStrategy weekNights = new TariffStrategy("t", "fri 22:00-06:00", "night", "day");
        List<Bucket> buckets = weekNights.buckets(local("2025-04-04T00:00"), local("2025-04-06T00:00"), AMSTERDAM);
        assertThat(buckets).extracting(TariffStrategyTest::describe).containsExactly(
                "2025-04-04T00:00 2025-04-04T22:00 day",
                "2025-04-04T22:00 2025-04-05T00:00 night",
                "2025-04-05T00:00 2025-04-05T06:00 night",
                "2025-04-05T06:00 2025-04-06T00:00 day");
    }

    @Test
    void severalRulesAndDayRangesThatWrapRoundTheWeek() {
        TariffStrategy schedule = new TariffStrategy("t", "sat-sun 11:00-16:00, Monday 00:00-24:00", "p", "o");
        assertThat(schedule.label(local("2025-04-05T12:00"), AMSTERDAM)).isEqualTo("p");
        assertThat(schedule.label(local("2025-04-06T15:59"), AMSTERDAM)).isEqualTo("p");
        assertThat(schedule.label(local("2025-04-06T16:00"), AMSTERDAM)).isEqualTo("o");
        assertThat(schedule.label(local("2025-04-07T00:00"), AMSTERDAM)).isEqualTo("p");
        assertThat(schedule.label(local("2025-04-07T23:59"), AMSTERDAM)).isEqualTo("p");
        assertThat(schedule.label(local("2025-04-08T00:00"), AMSTERDAM)).isEqualTo("o");
        TariffStrategy wrap = new TariffStrategy("t", "fri-mon 10:00-11:00", "p", "o");
        assertThat(wrap.label(local("2025-04-07T10:30"), AMSTERDAM)).isEqualTo("p"); // Monday
        assertThat(wrap.label(local("2025-04-08T10:30"), AMSTERDAM)).isEqualTo("o"); // Tuesday
    }

    @Test
    void badConfigurationIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new TariffStrategy("t", "mon-fri 07:00-25:00", "p", "o"))
                .hasMessageContaining("peak").hasMessageContaining("25:00");
        assertThatThrownBy(() -> new TariffStrategy("t", "mon-fry 07:00-23:00", "p", "o"))
                .hasMessageContaining("peak").hasMessageContaining("'fry' is not a day");
        assertThatThrownBy(() -> new TariffStrategy("t", "weekdays", "p", "o")).hasMessageContaining("expected [days] HH:MM-HH:MM");
        assertThatThrownBy(() -> new TariffStrategy("t", "07:00-07:00", "p", "o")).hasMessageContaining("empty");
        assertThatThrownBy(() -> new TariffStrategy("t", "24:00-07:00", "p", "o")).hasMessageContaining("24:00");
        assertThatThrownBy(() -> new TariffStrategy("t", "07:00-23:00", "same", "same")).hasMessageContaining("must differ");
        assertThatThrownBy(() -> new TariffStrategy("t", "07:00-23:00", " ", "o")).hasMessageContaining("peak.label");
        assertThatThrownBy(() -> TariffStrategyComponent.create("day", "07:00-23:00", "p", "o")).hasMessageContaining("name 'day'");
        assertThatThrownBy(() -> TariffStrategyComponent.create("3600", "07:00-23:00", "p", "o")).hasMessageContaining("name '3600'");
        assertThatThrownBy(() -> TariffStrategyComponent.create("", "07:00-23:00", "p", "o")).hasMessageContaining("name");
    }

    @Test
    void anEmptyScheduleIsOffPeakAlways() {
        TariffStrategy never = new TariffStrategy("t", " ", "p", "o");
        assertThat(never.buckets(local("2025-04-04T00:00"), local("2025-04-07T00:00"), AMSTERDAM))
                .hasSize(3).extracting(Bucket::label).containsOnly("o");
    }
}
