package org.emon.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.emon.api.Meter;
import org.emon.api.MeterRegistry;
import org.emon.api.Pulse;
import org.emon.api.PulseSource;
import org.emon.api.store.MeterTable;
import org.emon.api.store.PulseAppender;
import org.emon.api.store.StoreResult;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;

class PulseRouterTest {

    /** Records what the router hands to the store. */
    static final class RecordingStore implements PulseAppender, MeterTable {
        final List<Pulse> pulses = new ArrayList<>();
        final Map<Integer, Double> power = new ConcurrentHashMap<>();
        public void append(Pulse pulse) { pulses.add(pulse); }
        public void saveMeter(Meter meter) { }
        public void savePower(int meterId, double p, long at) { power.put(meterId, p); }
        public boolean flush(long timeoutMillis) { return true; }
        public CompletionStage<StoreResult> store(Collection<Pulse> batch) { throw new UnsupportedOperationException(); }
    }

    static MeterRegistry registry(Meter... meters) {
        return new MeterRegistry() {
            public List<Meter> meters() { return List.of(meters); }
            public Optional<Meter> meter(int id) { return List.of(meters).stream().filter(m -> m.id() == id).findFirst(); }
        };
    }

    @Test
    void storesPulsesOfConfiguredMetersAndKeepsTheirPower() {
        RecordingStore store = new RecordingStore();
        long[] now = { 10_000 };
        PulseRouter router = new PulseRouter(registry(TestMeter.electricity(21, 1000)), store, store, 60_000, () -> now[0]);

        assertThat(router.pulse(21, 8_000)).isTrue();
        assertThat(router.pulse(21, 9_000)).isTrue();

        assertThat(store.pulses).containsExactly(new Pulse(21, 8_000), new Pulse(21, 9_000));
        assertThat(store.power.get(21)).isCloseTo(3600, within(1e-9));
        assertThat(router.reading(21).value()).isCloseTo(3600, within(1e-9));
        assertThat(router.reading(21).lastPulseMillis()).isEqualTo(9_000);
    }

    @Test
    void storesPulsesAndKeepsPowerWithAStoreThatHasNoMeterTable() {
        RecordingStore store = new RecordingStore();
        PulseRouter router = new PulseRouter(registry(TestMeter.electricity(21, 1000)), store, null, 60_000, () -> 10_000);

        List<Pulse> given = List.of(new Pulse(21, 8_000), new Pulse(21, 9_000));
        given.forEach(pulse -> assertThat(router.pulse(pulse.meterId(), pulse.timestampMillis())).isTrue());

        assertThat(store.pulses).isEqualTo(given);
        assertThat(store.power).isEmpty(); // nowhere to save it, and no failure for that
        assertThat(router.reading(21).value()).isCloseTo(3600, within(1e-9));
    }

    @Test
    void refusesPulsesOfUnknownMeters() {
        RecordingStore store = new RecordingStore();
        PulseRouter router = new PulseRouter(registry(TestMeter.electricity(21, 1000)), store, store, 60_000, () -> 0);

        assertThat(router.pulse(99, 1_000)).isFalse();
        assertThat(router.pulse(99, 2_000)).isFalse();

        assertThat(store.pulses).isEmpty();
        assertThat(router.refused(99)).isEqualTo(2);
        assertThat(router.reading(99).value()).isZero();
    }

    @Test
    void aNewSourceForAMeterStartsANewPowerInterval() {
        RecordingStore store = new RecordingStore();
        PulseRouter router = new PulseRouter(registry(TestMeter.electricity(21, 1000)), store, store, 60_000, () -> 10_000);
        router.pulse(21, 8_000);
        router.pulse(21, 9_000); // 3600 W
        router.addSource(sourceOfMeter(21));
        router.pulse(21, 9_002); // 2 ms after the old source's last pulse: not 1.8 MW

        assertThat(store.power.get(21)).isCloseTo(3600, within(1e-9));
        assertThat(store.pulses).hasSize(3);
    }

    /** A source's service reference as DS passes it: its meter in the meter.id property. */
    @SuppressWarnings("unchecked")
    private static ServiceReference<PulseSource> sourceOfMeter(Object meterId) {
        return (ServiceReference<PulseSource>) java.lang.reflect.Proxy.newProxyInstance(PulseRouterTest.class.getClassLoader(),
                new Class<?>[] { ServiceReference.class },
                (proxy, method, args) -> method.getName().equals("getProperty") && Meter.METER_ID.equals(args[0]) ? meterId : null);
    }

    @Test
    void aSourceWithoutAMeterPropertyChangesNoPower() {
        RecordingStore store = new RecordingStore();
        PulseRouter router = new PulseRouter(registry(TestMeter.electricity(21, 1000)), store, store, 60_000, () -> 10_000);
        router.pulse(21, 8_000);
        router.addSource(sourceOfMeter(null));
        router.addSource(sourceOfMeter("22"));
        router.pulse(21, 9_000);
        assertThat(store.power.get(21)).isCloseTo(3600, within(1e-9));
    }
}
