package org.emon.rest.internal;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.emon.api.LivePower;
import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.emon.api.MeterReading;
import org.emon.api.MeterRegistry;
import org.emon.api.MeterStatus;
import org.emon.api.PowerReading;
import org.emon.api.Pulse;
import org.emon.api.SourceStatus;
import org.emon.api.StatusService;
import org.emon.api.aggregation.EnergyBucket;
import org.emon.api.aggregation.EnergySeries;
import org.emon.api.aggregation.EnergyService;
import org.emon.api.store.MeterStatistics;
import org.emon.api.store.PulseAppender;
import org.emon.api.store.PulseQueries;
import org.emon.api.store.StoreHealth;
import org.emon.api.store.StoreResult;
import org.emon.api.store.StoreState;
import org.emon.api.store.StoreStatus;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** In-memory stand-ins for the services the REST resources use. */
final class Fakes {

    private Fakes() {
    }

    record TestMeter(int id, String description, String location, MeterKind kind, double impulsesPerUnit, double calorificValue,
            Optional<MeterReading> reading) implements Meter {

        TestMeter(int id, String description) {
            this(id, description, "Hall", MeterKind.ELECTRICITY, 1000, 0, Optional.empty());
        }
    }

    /** A registry with fixed meters, or one that follows a {@link ConfigAdmin} as Declarative Services would. */
    static final class Registry implements MeterRegistry {
        final Map<Integer, Meter> meters = new ConcurrentHashMap<>();

        Registry(Meter... fixed) {
            for (Meter m : fixed) {
                meters.put(m.id(), m);
            }
        }

        @Override
        public List<Meter> meters() {
            return new TreeMap<>(meters).values().stream().toList();
        }

        @Override
        public Optional<Meter> meter(int id) {
            return Optional.ofNullable(meters.get(id));
        }

        /** Rebuilds the configured meters from the configurations, each a new object (as DS makes one). */
        void follow(ConfigAdmin admin, Meter... fixed) {
            meters.clear();
            for (Meter m : fixed) {
                meters.put(m.id(), m);
            }
            for (Hashtable<String, Object> p : admin.configurations.values()) {
                if (p.isEmpty()) {
                    continue;
                }
                MeterSettings s = MeterSettings.of(p);
                meters.putIfAbsent(s.id(), new TestMeter(s.id(), s.description(), s.location(), s.kind(), s.impulsesPerUnit(),
                        s.calorificValue(), Optional.ofNullable(s.reading())));
            }
        }
    }

    /**
     * ConfigurationAdmin holding factory configurations in memory; {@code changed} runs after each
     * update or delete after {@code delayMillis} on another thread, like the DS runtime reacting.
     */
    static final class ConfigAdmin {
        final Map<String, Hashtable<String, Object>> configurations = new ConcurrentHashMap<>();
        final Map<String, String> factories = new ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        private final AtomicInteger next = new AtomicInteger();
        private final ScheduledExecutorService ds = Executors.newSingleThreadScheduledExecutor();
        volatile Runnable changed = () -> { };
        volatile long delayMillis;

        ConfigurationAdmin service() {
            return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { ConfigurationAdmin.class },
                    (proxy, method, args) -> switch (method.getName()) {
                    case "createFactoryConfiguration" -> {
                        calls.add("create " + args[0] + " " + args[1]);
                        String pid = args[0] + "~" + next.incrementAndGet();
                        factories.put(pid, (String) args[0]);
                        configurations.put(pid, new Hashtable<>());
                        yield configuration(pid);
                    }
                    case "listConfigurations" -> {
                        String prefix = "(service.factoryPid=";
                        String filter = (String) args[0];
                        if (!filter.startsWith(prefix)) {
                            throw new AssertionError("unexpected filter " + filter);
                        }
                        String factory = filter.substring(prefix.length(), filter.length() - 1);
                        Configuration[] found = configurations.entrySet().stream()
                                .filter(e -> factory.equals(factories.get(e.getKey())) && !e.getValue().isEmpty())
                                .map(e -> configuration(e.getKey())).toArray(Configuration[]::new);
                        yield found.length == 0 ? null : found;
                    }
                    default -> throw new AssertionError("unexpected call " + method);
                    });
        }

        /** A configuration as a file would make it: string values. */
        String add(String factoryPid, Map<String, String> properties) {
            String pid = factoryPid + "~" + next.incrementAndGet();
            factories.put(pid, factoryPid);
            configurations.put(pid, new Hashtable<>(properties));
            return pid;
        }

        private Configuration configuration(String pid) {
            return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Configuration.class },
                    (proxy, method, args) -> switch (method.getName()) {
                    case "getPid" -> pid;
                    case "getFactoryPid" -> factories.get(pid);
                    case "getProperties" -> {
                        Hashtable<String, Object> p = configurations.get(pid);
                        if (p == null || p.isEmpty()) {
                            yield null;
                        }
                        Hashtable<String, Object> copy = new Hashtable<>(p);
                        copy.put("service.pid", pid);
                        copy.put("service.factoryPid", factories.get(pid));
                        yield copy;
                    }
                    case "update" -> {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> d = (Dictionary<String, Object>) args[0];
                        Hashtable<String, Object> copy = new Hashtable<>();
                        for (var keys = d.keys(); keys.hasMoreElements();) {
                            String key = keys.nextElement();
                            copy.put(key, d.get(key));
                        }
                        calls.add("update " + pid);
                        configurations.put(pid, copy);
                        react();
                        yield null;
                    }
                    case "delete" -> {
                        calls.add("delete " + pid);
                        configurations.remove(pid);
                        factories.remove(pid);
                        react();
                        yield null;
                    }
                    case "hashCode" -> pid.hashCode();
                    case "equals" -> proxy == args[0];
                    case "toString" -> "configuration " + pid;
                    default -> throw new AssertionError("unexpected call " + method);
                    });
        }

        private void react() {
            if (delayMillis <= 0) {
                changed.run();
            } else {
                ds.schedule(changed, delayMillis, TimeUnit.MILLISECONDS);
            }
        }

        void close() {
            ds.shutdownNow();
        }
    }

    /** A store with pulses in memory: statistics, pages and ingest. */
    static final class Store {

        /** Every capability the resources use, in one fake. */
        interface Service extends PulseAppender, PulseQueries, StoreHealth {
        }

        final Map<Integer, TreeSet<Long>> pulses = new ConcurrentHashMap<>();
        final List<Collection<Pulse>> ingested = new CopyOnWriteArrayList<>();
        /** What {@code status()} answers: a healthy store with 2 GB free unless a test says otherwise. */
        volatile StoreStatus status = new StoreStatus("/data/emon.db", 10, 9, 1, 0, 0, 1000, 3, 0, null, 0, false,
                StoreState.OK, "commits succeed", 2_000_000_000L, Map.of());

        void add(int meter, long... millis) {
            TreeSet<Long> set = pulses.computeIfAbsent(meter, m -> new TreeSet<>());
            for (long ms : millis) {
                set.add(ms);
            }
        }

        Service service() {
            return (Service) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Service.class },
                    (proxy, method, args) -> switch (method.getName()) {
                    case "statistics" -> {
                        int meter = (Integer) args[0];
                        TreeSet<Long> set = pulses.getOrDefault(meter, new TreeSet<>());
                        yield new MeterStatistics(meter, set.size(), set.isEmpty() ? 0 : set.last(), 1_700_000_000_000L);
                    }
                    case "pulses" -> {
                        int meter = (Integer) args[0];
                        long from = (Long) args[1];
                        long to = (Long) args[2];
                        int limit = (Integer) args[3];
                        if (limit < 1 || limit > PulseQueries.MAX_PAGE) {
                            throw new IllegalArgumentException("limit " + limit);
                        }
                        yield pulses.getOrDefault(meter, new TreeSet<>()).subSet(from, to).stream().limit(limit)
                                .map(ms -> new Pulse(meter, ms)).toList();
                    }
                    case "store" -> {
                        @SuppressWarnings("unchecked")
                        Collection<Pulse> batch = (Collection<Pulse>) args[0];
                        ingested.add(batch);
                        yield CompletableFuture.completedFuture(new StoreResult(batch.size(), 0));
                    }
                    case "status" -> status;
                    default -> throw new AssertionError("unexpected call " + method);
                    });
        }
    }

    /** 1500 W on every meter, last pulse at {@code lastPulse}. */
    static LivePower power(long lastPulse) {
        return id -> new PowerReading(id, 1500, "W", lastPulse);
    }

    /**
     * Energy of meter 21 only: one bucket per call with 1234 pulses and the optional fields given;
     * "fortnight" unknown, more than 10,000 hours too many.
     */
    static EnergyService energy(Double kwh, Double reading, String label) {
        return (meter, from, to, resolution, zone) -> {
            if (meter != 21) {
                throw new NoSuchElementException("no meter " + meter + " is configured");
            }
            if (resolution.equals("fortnight")) {
                throw new IllegalArgumentException("resolution: unknown 'fortnight'");
            }
            if (resolution.equals("hour") && from.plusSeconds(3600L * EnergyService.MAX_BUCKETS).isBefore(to)) {
                throw new IllegalArgumentException("resolution 'hour' cuts from " + from + " to " + to + " into more than "
                        + EnergyService.MAX_BUCKETS + " buckets: choose a coarser resolution or a shorter range");
            }
            return new EnergySeries(meter, "kWh", resolution, zone, List.of(new EnergyBucket(from, to, 1234, 1.234, kwh, reading, label)));
        };
    }

    static StatusService status(Meter meter) {
        return new StatusService() {
            @Override
            public List<MeterStatus> meters() {
                return List.of(new MeterStatus(meter, List.of(new MeterStatus.SourceInfo(meter.id(), "simulator",
                        new SourceStatus(SourceStatus.State.RUNNING, "", 5, 1_700_000_000_000L))), 5,
                        new PowerReading(meter.id(), 1500, "W", 1_700_000_000_000L)));
            }

            @Override
            public List<MeterStatus.SourceInfo> orphanSources() {
                return List.of();
            }
        };
    }

    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    static final Instant NOW = Instant.parse("2025-01-02T10:30:00Z");
}
