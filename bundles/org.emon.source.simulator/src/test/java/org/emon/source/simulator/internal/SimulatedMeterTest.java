package org.emon.source.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.emon.api.MeterRegistry;
import org.emon.api.PulseSink;
import org.emon.api.SourceStatus.State;
import org.emon.source.simulator.internal.SimulatorSettings.Profile;
import org.junit.jupiter.api.Test;

/** The real-time loop, driven with an explicit clock instead of its thread. */
class SimulatedMeterTest {

    private static final long T0 = 1_750_000_000_000L;

    private final Map<Integer, Meter> configured = new ConcurrentHashMap<>();
    private final List<Long> received = new ArrayList<>();
    private final MeterRegistry registry = new MeterRegistry() {
        @Override
        public List<Meter> meters() {
            return List.copyOf(configured.values());
        }

        @Override
        public Optional<Meter> meter(int id) {
            return Optional.ofNullable(configured.get(id));
        }
    };
    /** Other sources' configurations by meter, as ConfigurationAdmin would list them. */
    private final Map<Integer, List<String>> configuredSources = new ConcurrentHashMap<>();
    private final PulseSink sink = (meterId, timestamp) -> received.add(timestamp);

    private SimulatedMeter meter(Profile profile, double watts, double jitter) {
        SimulatorSettings settings = new SimulatorSettings(21, profile, watts, 0.5, 3500, 1200, true, ZoneId.of("Europe/Amsterdam"), jitter, 5);
        return new SimulatedMeter(sink, registry, settings, id -> configuredSources.getOrDefault(id, List.of()), null);
    }

    /** Calls step as the scheduler would, each call {@code late} ms after the delay it asked for; returns the time reached. */
    private static long run(SimulatedMeter meter, long from, long to, long late) {
        long now = from;
        while (now < to) {
            now += meter.step(now) + late;
        }
        return now;
    }

    @Test
    void keepsUpWith200PulsesASecondEvenWhenWokenLate() {
        configured.put(21, TestMeter.of(21, MeterKind.ELECTRICITY, 1000));
        SimulatedMeter meter = meter(Profile.CONSTANT, 720_000, 0);
        long end = run(meter, T0, T0 + 1000, 0);
        assertThat(received.stream().filter(t -> t < T0 + 1000).count()).isBetween(199L, 200L);
        for (int i = 1; i < received.size(); i++) {
            assertThat(received.get(i) - received.get(i - 1)).isBetween(4L, 6L);
        }
        // woken 7 ms late every time: several pulses per wake-up, none lost, none at the same ms
        int before = received.size();
        run(meter, end, end + 10_000, 7);
        assertThat(received.size() - before).isBetween(1990, 2010);
        assertThat(received).doesNotHaveDuplicates().isSorted();
        assertThat(meter.status().state()).isEqualTo(State.RUNNING);
        assertThat(meter.status().pulsesDelivered()).isEqualTo(received.size());
    }

    @Test
    void waitsForItsMeterThenFailsForAProfileThatDoesNotFitThenRunsWhenItDoes() {
        SimulatedMeter meter = meter(Profile.HOUSEHOLD, 500, 0.1);
        assertThat(meter.step(T0)).isEqualTo(SimulatedMeter.MAX_WAIT_MILLIS);
        assertThat(meter.status().state()).isEqualTo(State.WAITING);
        assertThat(meter.status().detail()).isEqualTo("meter 21 is not configured");

        configured.put(21, TestMeter.of(21, MeterKind.GAS, 100));
        meter.step(T0 + 1000);
        assertThat(meter.status().state()).isEqualTo(State.FAILED);
        assertThat(meter.status().detail()).contains("household").contains("gas");

        configured.put(21, TestMeter.of(21, MeterKind.ELECTRICITY, 1000));
        run(meter, T0 + 2000, T0 + 3_602_000, 0);
        assertThat(meter.status().state()).isEqualTo(State.RUNNING);
        // an hour of a household: tens to thousands of Wh
        assertThat(received.size()).isBetween(50, 5000);
    }

    @Test
    void afterAPauseItRestartsAtNowInsteadOfDeliveringABurst() {
        configured.put(21, TestMeter.of(21, MeterKind.ELECTRICITY, 1000));
        SimulatedMeter meter = meter(Profile.CONSTANT, 3600, 0);
        long now = run(meter, T0, T0 + 10_000, 0);
        int before = received.size();
        // the machine slept for an hour
        meter.step(now + 3_600_000);
        assertThat(received.size() - before).isLessThanOrEqualTo(1);
        run(meter, now + 3_600_000, now + 3_610_000, 0);
        assertThat(received.size() - before).isBetween(9, 11);
    }

    @Test
    void followsAChangeOfTheMetersImpulsesPerUnit() {
        configured.put(21, TestMeter.of(21, MeterKind.ELECTRICITY, 1000));
        SimulatedMeter meter = meter(Profile.CONSTANT, 3600, 0);
        long now = run(meter, T0, T0 + 10_000, 0);
        int before = received.size();
        configured.put(21, TestMeter.of(21, MeterKind.ELECTRICITY, 10_000));
        run(meter, now, now + 10_000, 0);
        assertThat(received.size() - before).isBetween(99, 101);
    }

    @Test
    void standsByWhileAnotherSourceIsConfiguredForItsMeterAndResumesAfter() {
        configured.put(21, TestMeter.of(21, MeterKind.ELECTRICITY, 1000));
        SimulatedMeter meter = meter(Profile.CONSTANT, 3600, 0); // one pulse a second
        meter.sourceAdded(7, "21", "org.emon.source.gpio.internal.GpioSource", "org.emon.source.gpio~main");
        run(meter, T0, T0 + 10_000, 0);

        assertThat(received).isEmpty();
        assertThat(meter.status().state()).isEqualTo(State.WAITING);
        assertThat(meter.status().detail()).isEqualTo("standing by: meter 21 has another source (org.emon.source.gpio~main)");

        meter.sourceRemoved(7);
        run(meter, T0 + 10_000, T0 + 20_000, 0);
        assertThat(received).hasSizeBetween(9, 10).allMatch(t -> t >= T0 + 10_000);
        assertThat(meter.status().state()).isEqualTo(State.RUNNING);
    }

    @Test
    void ignoresSourcesOfOtherMetersAndOtherSimulators() {
        configured.put(21, TestMeter.of(21, MeterKind.ELECTRICITY, 1000));
        SimulatedMeter meter = meter(Profile.CONSTANT, 3600, 0);
        meter.sourceAdded(7, 30, "org.emon.source.gpio.internal.GpioSource", "org.emon.source.gpio~gas");
        meter.sourceAdded(8, 21, SimulatedMeter.class.getName(), "org.emon.source.simulator~other");
        run(meter, T0, T0 + 10_000, 0);

        assertThat(received).hasSizeBetween(9, 10);
        assertThat(meter.status().state()).isEqualTo(State.RUNNING);
    }

    @Test
    void standsByWhileAnotherSourceIsConfiguredEvenBeforeItStarts() {
        configured.put(21, TestMeter.of(21, MeterKind.ELECTRICITY, 1000));
        configuredSources.put(21, List.of("org.emon.source.gpio~main"));
        SimulatedMeter meter = meter(Profile.CONSTANT, 3600, 0);
        run(meter, T0, T0 + 10_000, 0);

        assertThat(received).isEmpty();
        assertThat(meter.status().detail()).isEqualTo("standing by: meter 21 has another source (org.emon.source.gpio~main)");

        configuredSources.remove(21);
        run(meter, T0 + 10_000, T0 + 20_000, 0);
        assertThat(received).hasSizeBetween(8, 10).allMatch(t -> t >= T0 + 10_000);
    }
}
