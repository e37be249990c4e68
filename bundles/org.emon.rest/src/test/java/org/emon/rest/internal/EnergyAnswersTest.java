package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.emon.api.MeterKind;
import org.emon.api.MeterReading;
import org.emon.api.aggregation.AggregationStrategy;
import org.emon.api.aggregation.Bucket;
import org.emon.rest.internal.EnergyAnswers.Computed;
import org.emon.rest.internal.EnergyAnswers.Key;
import org.emon.rest.internal.Fakes.TestMeter;
import org.junit.jupiter.api.Test;

/** The kept answers: when one is used, and every change that must make it go. */
class EnergyAnswersTest {

    private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2025-01-02T00:00:00Z");
    /** The last bucket ends after {@code to}: pulses up to then were counted. */
    private static final Instant HORIZON = Instant.parse("2025-01-02T01:00:00Z");

    private final Fakes.Registry meters = new Fakes.Registry(meter(1000), new TestMeter(22, "Gas"));
    private final AtomicInteger computed = new AtomicInteger();

    private static TestMeter meter(double impulsesPerUnit) {
        return new TestMeter(21, "Main", "Hall", MeterKind.ELECTRICITY, impulsesPerUnit, 0, Optional.empty());
    }

    private static Key key(int meter, String type) {
        return new Key(meter, FROM, TO, "hour", ZoneOffset.UTC, type);
    }

    /** An answer of {@code size} bytes naming how many answers were computed so far. */
    private Supplier<Computed> compute(int size, Runnable during) {
        return () -> {
            during.run();
            byte[] bytes = new byte[size];
            byte[] n = ("#" + computed.incrementAndGet()).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(n, 0, bytes, 0, n.length);
            return new Computed(bytes, HORIZON);
        };
    }

    private String ask(EnergyAnswers answers, Key key) {
        return ask(answers, key, 100, () -> { });
    }

    private String ask(EnergyAnswers answers, Key key, int size, Runnable during) {
        return new String(answers.answer(key, compute(size, during)), StandardCharsets.US_ASCII).trim();
    }

    @Test
    void aRepeatedQueryIsAnsweredFromTheCacheAndEachMediaTypeAndMeterHasItsOwn() {
        EnergyAnswers answers = new EnergyAnswers(meters, 10_000);
        assertThat(ask(answers, key(21, "json"))).isEqualTo("#1");
        assertThat(ask(answers, key(21, "json"))).isEqualTo("#1");
        assertThat(ask(answers, key(21, "csv"))).isEqualTo("#2");
        assertThat(ask(answers, key(22, "json"))).isEqualTo("#3");
        assertThat(answers.hits()).isEqualTo(1);
        assertThat(answers.misses()).isEqualTo(3);
        assertThat(answers.bytes()).isEqualTo(300);
    }

    @Test
    void aLatePulseBeforeTheHorizonDropsTheMetersAnswersButNotOthers() {
        EnergyAnswers answers = new EnergyAnswers(meters, 10_000);
        ask(answers, key(21, "json"));
        ask(answers, key(22, "json"));
        answers.pulsesStored(21, HORIZON.toEpochMilli() - 1); // in the last bucket, after to
        assertThat(ask(answers, key(21, "json"))).isEqualTo("#3");
        assertThat(ask(answers, key(22, "json"))).isEqualTo("#2");
        answers.pulsesStored(21, FROM.toEpochMilli() - 86_400_000); // long before the range: counted before it too
        assertThat(ask(answers, key(21, "json"))).isEqualTo("#4");
    }

    @Test
    void aPulseAtOrAfterTheHorizonKeepsTheAnswer() {
        EnergyAnswers answers = new EnergyAnswers(meters, 10_000);
        ask(answers, key(21, "json"));
        answers.pulsesStored(21, HORIZON.toEpochMilli());
        answers.pulsesStored(21, HORIZON.toEpochMilli() + 3_600_000);
        assertThat(ask(answers, key(21, "json"))).isEqualTo("#1");
    }

    @Test
    void aMeterReadingTakenAfterTheHorizonExtendsIt() {
        Instant readingAt = HORIZON.plusSeconds(86_400);
        meters.meters.put(21, new TestMeter(21, "Main", "Hall", MeterKind.ELECTRICITY, 1000, 0,
                Optional.of(new MeterReading(100, readingAt))));
        EnergyAnswers answers = new EnergyAnswers(meters, 10_000);
        ask(answers, key(21, "json"));
        answers.pulsesStored(21, readingAt.toEpochMilli() - 1); // changes the display of every bucket
        assertThat(ask(answers, key(21, "json"))).isEqualTo("#2");
    }

    @Test
    void changedMeterSettingsAreNeverAnsweredFromTheCache() {
        EnergyAnswers answers = new EnergyAnswers(meters, 10_000);
        ask(answers, key(21, "json"));
        meters.meters.put(21, meter(800));
        assertThat(ask(answers, key(21, "json"))).isEqualTo("#2");
        assertThat(ask(answers, key(21, "json"))).isEqualTo("#2");
        meters.meters.put(21, meter(1000)); // the same settings as a new object: the settings are what count
        assertThat(ask(answers, key(21, "json"))).isEqualTo("#3");
        assertThat(ask(answers, key(21, "json"))).isEqualTo("#3");
    }

    @Test
    void aStrategyComingOrGoingDropsEverything() {
        EnergyAnswers answers = new EnergyAnswers(meters, 10_000);
        AggregationStrategy tariff = new CalendarLike();
        ask(answers, key(21, "json"));
        answers.addStrategy(tariff);
        assertThat(ask(answers, key(21, "json"))).isEqualTo("#2");
        answers.removeStrategy(tariff);
        assertThat(ask(answers, key(21, "json"))).isEqualTo("#3");
        assertThat(answers.size()).isEqualTo(1);
    }

    @Test
    void aPulseStoredWhileTheAnswerIsComputedKeepsItOutOfTheCache() {
        EnergyAnswers answers = new EnergyAnswers(meters, 10_000);
        ask(answers, key(21, "json"), 100, () -> answers.pulsesStored(21, FROM.toEpochMilli()));
        assertThat(answers.size()).isZero();
        assertThat(ask(answers, key(21, "json"))).isEqualTo("#2");
        // one after the horizon, or of another meter, while computing changes nothing
        ask(answers, key(21, "csv"), 100, () -> {
            answers.pulsesStored(21, HORIZON.toEpochMilli());
            answers.pulsesStored(22, FROM.toEpochMilli());
        });
        assertThat(ask(answers, key(21, "csv"))).isEqualTo("#3");
        // nor may a strategy change or a settings change
        ask(answers, key(22, "json"), 100, () -> answers.addStrategy(new CalendarLike()));
        assertThat(ask(answers, key(22, "json"))).isEqualTo("#5");
        ask(answers, key(21, "day"), 100, () -> meters.meters.put(21, meter(500)));
        assertThat(ask(answers, key(21, "day"))).isEqualTo("#7");
    }

    @Test
    void theLeastRecentlyUsedAnswersGoOnceTheBytesExceedTheBound() {
        EnergyAnswers answers = new EnergyAnswers(meters, 1000);
        ask(answers, key(21, "a"), 400, () -> { });
        ask(answers, key(21, "b"), 400, () -> { });
        ask(answers, key(21, "a"), 400, () -> { }); // a is now the most recently used
        ask(answers, key(21, "c"), 400, () -> { }); // 1200 bytes: b goes
        assertThat(answers.bytes()).isEqualTo(800);
        assertThat(ask(answers, key(21, "a"))).isEqualTo("#1");
        assertThat(ask(answers, key(21, "c"))).isEqualTo("#3");
        assertThat(ask(answers, key(21, "b"), 400, () -> { })).isEqualTo("#4");
        assertThat(answers.bytes()).isLessThanOrEqualTo(1000);
        ask(answers, key(22, "big"), 1001, () -> { }); // larger than the bound: answered, never kept
        assertThat(answers.bytes()).isLessThanOrEqualTo(1000);
        assertThat(ask(answers, key(22, "big"), 1001, () -> { })).isEqualTo("#6");
    }

    @Test
    void aBoundOfZeroKeepsNothingAndAFailedComputationNothingEither() {
        EnergyAnswers off = new EnergyAnswers(meters, 0);
        ask(off, key(21, "json"));
        assertThat(ask(off, key(21, "json"))).isEqualTo("#2");
        assertThat(off.size()).isZero();

        EnergyAnswers answers = new EnergyAnswers(meters, 10_000);
        assertThatThrownBy(() -> answers.answer(key(21, "json"), () -> {
            throw new IllegalArgumentException("bad resolution");
        })).hasMessage("bad resolution");
        assertThat(answers.size()).isZero();
        // unknown meter: computed (to answer 404), never kept
        ask(answers, key(99, "json"));
        assertThat(answers.size()).isZero();
    }

    /** Any strategy: only its coming and going matters here. */
    private static final class CalendarLike implements AggregationStrategy {

        @Override
        public String name() {
            return "tariff";
        }

        @Override
        public List<Bucket> buckets(Instant from, Instant to, ZoneId zone) {
            return List.of();
        }
    }
}
