package org.emon.aggregation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.emon.api.MeterRegistry;
import org.emon.api.aggregation.EnergyBucket;
import org.emon.api.aggregation.EnergySeries;
import org.emon.api.aggregation.EnergyService;
import org.emon.api.store.PulseStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnergyServiceImplTest {

    record TestMeter(int id, String description, String location, MeterKind kind, double impulsesPerUnit) implements Meter {
    }

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final Meter MAIN = new TestMeter(21, "Main", "Hall", MeterKind.ELECTRICITY, 1000);
    private static final Meter GAS = new TestMeter(22, "Gas", "Hall", MeterKind.GAS, 100);
    private static final MeterRegistry METERS = new MeterRegistry() {
        @Override
        public List<Meter> meters() {
            return List.of(MAIN, GAS);
        }

        @Override
        public Optional<Meter> meter(int id) {
            return meters().stream().filter(m -> m.id() == id).findFirst();
        }
    };

    private final AtomicInteger counts = new AtomicInteger();
    private List<Long> pulses = List.of(); // of every meter: the fake store does not tell them apart
    private EnergyServiceImpl service;

    /** A store that answers {@code count} from {@link #pulses}; nothing else is expected. */
    private PulseStore store() {
        return (PulseStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { PulseStore.class }, (proxy, method, args) -> {
            if (!method.getName().equals("count")) {
                throw new AssertionError("unexpected call " + method);
            }
            counts.incrementAndGet();
            long from = (Long) args[1];
            long to = (Long) args[2];
            return pulses.stream().filter(t -> t >= from && t < to).count();
        });
    }

    @BeforeEach
    void setUp() {
        service = new EnergyServiceImpl(METERS, store());
        for (CalendarStrategy.Period period : CalendarStrategy.Period.values()) {
            service.addStrategy(new CalendarStrategy(period));
        }
        service.addStrategy(new FixedIntervalStrategy(3600));
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void valueIsPulsesPerImpulsesPerUnitInTheMetersUnit() {
        pulses = List.of(at("2025-03-01T10:05:00Z").toEpochMilli(), at("2025-03-01T10:59:59.999Z").toEpochMilli(),
                at("2025-03-01T11:00:00Z").toEpochMilli());

        EnergySeries series = service.energy(21, at("2025-03-01T10:00:00Z"), at("2025-03-01T12:00:00Z"), "hour", ZoneOffset.UTC);

        assertThat(series.meterId()).isEqualTo(21);
        assertThat(series.unit()).isEqualTo("kWh");
        assertThat(series.resolution()).isEqualTo("hour");
        assertThat(series.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(series.values()).containsExactly(
                new EnergyBucket(at("2025-03-01T10:00:00Z"), at("2025-03-01T11:00:00Z"), 2, 0.002),
                new EnergyBucket(at("2025-03-01T11:00:00Z"), at("2025-03-01T12:00:00Z"), 1, 0.001));

        EnergySeries gas = service.energy(22, at("2025-03-01T10:00:00Z"), at("2025-03-01T11:00:00Z"), "hour", ZoneOffset.UTC);
        assertThat(gas.unit()).isEqualTo("m3");
        assertThat(gas.values().get(0).value()).isEqualTo(0.02);
    }

    @Test
    void aNumberOfSecondsIsAFixedIntervalAlignedToTheEpoch() {
        pulses = List.of(at("2025-03-01T10:00:10Z").toEpochMilli(), at("2025-03-01T10:00:40Z").toEpochMilli());

        EnergySeries series = service.energy(21, at("2025-03-01T10:00:10Z"), at("2025-03-01T10:01:00Z"), "30", AMSTERDAM);

        assertThat(series.resolution()).isEqualTo("30");
        assertThat(series.values()).extracting(EnergyBucket::start, EnergyBucket::pulses).containsExactly(
                org.assertj.core.groups.Tuple.tuple(at("2025-03-01T10:00:00Z"), 1L),
                org.assertj.core.groups.Tuple.tuple(at("2025-03-01T10:00:30Z"), 1L));
        // a registered strategy of that name is used as it is
        assertThat(service.energy(21, at("2025-03-01T10:00:00Z"), at("2025-03-01T11:00:00Z"), "3600", AMSTERDAM).values()).hasSize(1);
    }

    @Test
    void amsterdamDaysRunFromLocalMidnightAnd23HoursOnTheSpringDstDay() {
        pulses = List.of(at("2025-03-29T23:30:00Z").toEpochMilli()); // 00:30 local on the 30th

        EnergySeries series = service.energy(21, at("2025-03-29T00:00:00Z"), at("2025-03-31T00:00:00Z"), "day", AMSTERDAM);

        assertThat(series.values()).extracting(EnergyBucket::start).containsExactly(
                at("2025-03-28T23:00:00Z"), at("2025-03-29T23:00:00Z"), at("2025-03-30T22:00:00Z"));
        EnergyBucket dstDay = series.values().get(1);
        assertThat(Duration.between(dstDay.start(), dstDay.end())).isEqualTo(Duration.ofHours(23));
        assertThat(dstDay.pulses()).isEqualTo(1);
        assertThat(series.values().get(0).pulses()).isZero();
    }

    @Test
    void unknownResolutionMeterOrAnEmptyRangeAreRefused() {
        Instant from = at("2025-03-01T00:00:00Z");
        Instant to = at("2025-03-02T00:00:00Z");
        assertThatThrownBy(() -> service.energy(21, from, to, "fortnight", AMSTERDAM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resolution").hasMessageContaining("fortnight")
                .hasMessageContaining("quarter-hour");
        for (String bad : new String[] { "0", "-60", "1.5", "", "99999999999999" }) {
            assertThatThrownBy(() -> service.energy(21, from, to, bad, AMSTERDAM)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resolution");
        }
        assertThatThrownBy(() -> service.energy(99, from, to, "hour", AMSTERDAM)).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("99");
        assertThatThrownBy(() -> service.energy(21, to, from, "hour", AMSTERDAM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from");
        assertThatThrownBy(() -> service.energy(21, from, from, "hour", AMSTERDAM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from");
        assertThat(counts).hasValue(0);
    }

    @Test
    void moreThanMaxBucketsIsRefusedWithoutCuttingTheWholeRange() {
        Instant from = at("2000-01-01T00:00:00Z");
        // minutes of 100 years: 52 million buckets; refused after about MAX_BUCKETS
        assertThatThrownBy(() -> service.energy(21, from, at("2100-01-01T00:00:00Z"), "minute", AMSTERDAM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resolution")
                .hasMessageContaining(String.valueOf(EnergyService.MAX_BUCKETS));
        assertThatThrownBy(() -> service.energy(21, from, at("2100-01-01T00:00:00Z"), "1", AMSTERDAM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(counts).hasValue(0);

        // exactly MAX_BUCKETS is answered, in order and without gaps, across many chunks
        EnergySeries max = service.energy(21, from, from.plusSeconds(60L * EnergyService.MAX_BUCKETS), "60", AMSTERDAM);
        assertThat(max.values()).hasSize(EnergyService.MAX_BUCKETS);
        for (int i = 1; i < max.values().size(); i++) {
            assertThat(max.values().get(i).start()).isEqualTo(max.values().get(i - 1).end());
        }
    }

    @Test
    void chunkedCuttingGivesTheStrategysOwnBuckets() {
        Instant from = at("2024-10-20T13:17:00Z");
        Instant to = at("2024-11-10T02:00:00Z"); // across the autumn DST change
        for (String name : new String[] { "quarter-hour", "hour", "day" }) {
            CalendarStrategy strategy = new CalendarStrategy(CalendarStrategy.Period.valueOf(name.toUpperCase().replace('-', '_')));
            assertThat(service.energy(21, from, to, name, AMSTERDAM).values())
                    .extracting(b -> new org.emon.api.aggregation.Bucket(b.start(), b.end()))
                    .as(name).containsExactlyElementsOf(strategy.buckets(from, to, AMSTERDAM));
        }
    }

    @Test
    void aStrategyThatGoesAwayIsNoLongerSelectable() {
        CalendarStrategy week = new CalendarStrategy(CalendarStrategy.Period.WEEK);
        service.addStrategy(week);
        service.removeStrategy(week);
        service.removeStrategy(service.strategy("week"));
        assertThatThrownBy(() -> service.strategy("week")).isInstanceOf(IllegalArgumentException.class);
    }
}
