package org.emon.aggregation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.emon.api.MeterReading;
import org.emon.api.MeterRegistry;
import org.emon.api.aggregation.AggregationStrategy;
import org.emon.api.aggregation.Bucket;
import org.emon.api.aggregation.EnergyBucket;
import org.emon.api.aggregation.EnergySeries;
import org.emon.api.aggregation.EnergyService;
import org.emon.api.store.PulseQueries;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnergyServiceImplTest {

    record TestMeter(int id, String description, String location, MeterKind kind, double impulsesPerUnit,
            double calorificValue, Optional<MeterReading> reading) implements Meter {

        TestMeter(int id, MeterKind kind, double impulsesPerUnit) {
            this(id, "meter " + id, "Hall", kind, impulsesPerUnit, 0, Optional.empty());
        }
    }

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final Meter MAIN = new TestMeter(21, MeterKind.ELECTRICITY, 1000);
    private static final Meter GAS = new TestMeter(22, MeterKind.GAS, 100);
    /** Gas at 9.77 kWh per m3, its display 1234.5 m3 at 2025-03-01T10:30Z. */
    private static final Meter GAS_READ = new TestMeter(23, "Gas", "Hall", MeterKind.GAS, 100, 9.77,
            Optional.of(new MeterReading(1234.5, Instant.parse("2025-03-01T10:30:00Z"))));
    private static final Meter WATER = new TestMeter(24, MeterKind.WATER, 1);
    private static final MeterRegistry METERS = new MeterRegistry() {
        @Override
        public List<Meter> meters() {
            return List.of(MAIN, GAS, GAS_READ, WATER);
        }

        @Override
        public Optional<Meter> meter(int id) {
            return meters().stream().filter(m -> m.id() == id).findFirst();
        }
    };

    private final AtomicInteger counts = new AtomicInteger();
    private final List<long[]> asked = new ArrayList<>();
    private List<Long> pulses = List.of(); // of every meter: the fake store does not tell them apart
    private EnergyServiceImpl service;

    /** A store that answers {@code countsBefore} from {@link #pulses}; nothing else is expected. */
    private PulseQueries store() {
        return (PulseQueries) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { PulseQueries.class }, (proxy, method, args) -> {
            if (!method.getName().equals("countsBefore")) {
                throw new AssertionError("unexpected call " + method);
            }
            counts.incrementAndGet();
            long[] instants = (long[]) args[1];
            asked.add(instants.clone());
            long[] before = new long[instants.length];
            for (int i = 0; i < instants.length; i++) {
                if (i > 0 && instants[i] < instants[i - 1]) {
                    throw new IllegalArgumentException("not ascending");
                }
                long t = instants[i];
                before[i] = pulses.stream().filter(p -> p < t).count();
            }
            return before;
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
                new EnergyBucket(at("2025-03-01T10:00:00Z"), at("2025-03-01T11:00:00Z"), 2, 0.002, 0.002, null, null),
                new EnergyBucket(at("2025-03-01T11:00:00Z"), at("2025-03-01T12:00:00Z"), 1, 0.001, 0.001, null, null));
        // one store call for the whole series: its n + 1 boundaries
        assertThat(counts).hasValue(1);
        assertThat(asked.get(0)).containsExactly(at("2025-03-01T10:00:00Z").toEpochMilli(),
                at("2025-03-01T11:00:00Z").toEpochMilli(), at("2025-03-01T12:00:00Z").toEpochMilli());

        EnergySeries gas = service.energy(22, at("2025-03-01T10:00:00Z"), at("2025-03-01T11:00:00Z"), "hour", ZoneOffset.UTC);
        assertThat(gas.unit()).isEqualTo("m3");
        assertThat(gas.values().get(0).value()).isEqualTo(0.02);
        assertThat(gas.values().get(0).kwh()).as("gas without a calorific value").isNull();
        EnergySeries water = service.energy(24, at("2025-03-01T10:00:00Z"), at("2025-03-01T11:00:00Z"), "hour", ZoneOffset.UTC);
        assertThat(water.values().get(0).value()).isEqualTo(2.0);
        assertThat(water.values().get(0).kwh()).isNull();
    }

    @Test
    void gasWithACalorificValueAlsoInKwhAndTheReadingFollowsTheDisplayBeforeAndAfterItsMoment() {
        // 10:05, 10:40, 11:20; the reading was taken at 10:30 (1234.5 m3)
        pulses = List.of(at("2025-03-01T10:05:00Z").toEpochMilli(), at("2025-03-01T10:40:00Z").toEpochMilli(),
                at("2025-03-01T11:20:00Z").toEpochMilli());

        EnergySeries series = service.energy(23, at("2025-03-01T09:00:00Z"), at("2025-03-01T12:00:00Z"), "hour", ZoneOffset.UTC);

        assertThat(series.values()).extracting(EnergyBucket::pulses).containsExactly(0L, 2L, 1L);
        assertThat(series.values().get(1).value()).isEqualTo(0.02);
        assertThat(series.values().get(1).kwh()).isCloseTo(0.02 * 9.77, org.assertj.core.data.Offset.offset(1e-12));
        // at 10:00 the display showed 1234.5 minus the 10:05 pulse; at 11:00 plus the 10:40 one; at 12:00 plus two
        assertThat(series.values()).extracting(EnergyBucket::reading).containsExactly(1234.49, 1234.51, 1234.52);
        // still one store call: the reading's moment is one more instant in it
        assertThat(counts).hasValue(1);
        assertThat(asked.get(0)).hasSize(5).isSorted().contains(at("2025-03-01T10:30:00Z").toEpochMilli());
        assertThat(service.energy(21, at("2025-03-01T09:00:00Z"), at("2025-03-01T10:00:00Z"), "hour", ZoneOffset.UTC)
                .values().get(0).reading()).as("a meter without a reading").isNull();
        // the reading's moment outside the range, after and before it
        assertThat(service.energy(23, at("2025-03-01T09:00:00Z"), at("2025-03-01T10:00:00Z"), "hour", ZoneOffset.UTC)
                .values()).extracting(EnergyBucket::reading).containsExactly(1234.49);
        assertThat(service.energy(23, at("2025-03-01T11:00:00Z"), at("2025-03-01T13:00:00Z"), "hour", ZoneOffset.UTC)
                .values()).extracting(EnergyBucket::reading).containsExactly(1234.52, 1234.52);
        assertThat(asked.get(3)).containsExactly(at("2025-03-01T10:30:00Z").toEpochMilli(), at("2025-03-01T11:00:00Z").toEpochMilli(),
                at("2025-03-01T12:00:00Z").toEpochMilli(), at("2025-03-01T13:00:00Z").toEpochMilli());
    }

    @Test
    void labelsOfAStrategyAreKeptAndBoundariesAreAskedOnce() {
        // a strategy of labelled, unequal buckets: 10:00-10:20 peak, 10:20-11:00 off-peak, ...
        service.addStrategy(new AggregationStrategy() {
            @Override
            public String name() {
                return "split";
            }

            @Override
            public List<Bucket> buckets(Instant from, Instant to, ZoneId zone) {
                List<Bucket> buckets = new ArrayList<>();
                Instant hour = from.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
                while (hour.isBefore(to)) {
                    buckets.add(new Bucket(hour, hour.plusSeconds(1200), "peak"));
                    buckets.add(new Bucket(hour.plusSeconds(1200), hour.plusSeconds(3600), "off-peak"));
                    hour = hour.plusSeconds(3600);
                }
                return buckets;
            }
        });
        pulses = List.of(at("2025-03-01T10:05:00Z").toEpochMilli(), at("2025-03-01T10:20:00Z").toEpochMilli(),
                at("2025-03-01T11:19:59.999Z").toEpochMilli());

        EnergySeries series = service.energy(21, at("2025-03-01T10:00:00Z"), at("2025-03-01T12:00:00Z"), "split", ZoneOffset.UTC);

        assertThat(series.values()).extracting(EnergyBucket::label, EnergyBucket::pulses).containsExactly(
                org.assertj.core.groups.Tuple.tuple("peak", 1L), org.assertj.core.groups.Tuple.tuple("off-peak", 1L),
                org.assertj.core.groups.Tuple.tuple("peak", 1L), org.assertj.core.groups.Tuple.tuple("off-peak", 0L));
        assertThat(asked.get(0)).hasSize(5);
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
