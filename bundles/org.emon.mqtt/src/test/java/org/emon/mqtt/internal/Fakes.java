package org.emon.mqtt.internal;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.emon.api.LivePower;
import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.emon.api.MeterReading;
import org.emon.api.MeterRegistry;
import org.emon.api.PowerReading;
import org.emon.api.Pulse;
import org.emon.api.store.MeterStatistics;
import org.emon.api.store.PulseQueries;

/** In-memory stand-ins for the core's meters and power and the store's counts, for unit tests of the logic. */
final class Fakes {

    private Fakes() {
    }

    record TestMeter(int id, String description, String location, MeterKind kind, double impulsesPerUnit, double calorificValue,
            Optional<MeterReading> reading) implements Meter {
    }

    static TestMeter electricity(int id) {
        return new TestMeter(id, "Main meter", "Cellar", MeterKind.ELECTRICITY, 1000, 0, Optional.empty());
    }

    static TestMeter gas(int id) {
        return new TestMeter(id, "Gas meter", "", MeterKind.GAS, 100, 9.77, Optional.empty());
    }

    static final class Meters implements MeterRegistry {
        final List<Meter> list = new CopyOnWriteArrayList<>();

        @Override
        public List<Meter> meters() {
            return List.copyOf(list);
        }

        @Override
        public Optional<Meter> meter(int id) {
            return list.stream().filter(m -> m.id() == id).findFirst();
        }
    }

    static final class Power implements LivePower {
        final Map<Integer, Double> values = new ConcurrentHashMap<>();

        @Override
        public PowerReading reading(int meterId) {
            return new PowerReading(meterId, values.getOrDefault(meterId, 0.0), "W", 0);
        }
    }

    /** Counts only: what {@link Values} reads. */
    static final class Store implements PulseQueries {
        final Map<Integer, AtomicLong> pulses = new ConcurrentHashMap<>();

        void add(int meterId, long n) {
            pulses.computeIfAbsent(meterId, k -> new AtomicLong()).addAndGet(n);
        }

        @Override
        public MeterStatistics statistics(int meterId) {
            return new MeterStatistics(meterId, pulses.getOrDefault(meterId, new AtomicLong()).get(), 0, 0);
        }

        @Override
        public long count(int meterId, long fromMillis, long toMillis) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long[] countsBefore(int meterId, long[] instantsMillis) {
            return new long[instantsMillis.length];
        }

        @Override
        public List<Pulse> pulses(int meterId, long fromMillis, long toMillis, int limit) {
            throw new UnsupportedOperationException();
        }
    }

    /** A configuration as Declarative Services would hand it over: the given keys, the defaults for the rest. */
    static MqttConfig config(Map<String, Object> values) {
        return (MqttConfig) Proxy.newProxyInstance(MqttConfig.class.getClassLoader(), new Class<?>[] { MqttConfig.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return MqttConfig.class;
                    }
                    String key = method.getName().replace('_', '.');
                    Object value = values.get(key);
                    return value != null ? value : method.getDefaultValue();
                });
    }
}
