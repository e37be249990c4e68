package org.emon.rest.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.emon.api.MeterReading;
import org.emon.api.MeterRegistry;
import org.emon.api.aggregation.AggregationStrategy;
import org.emon.api.store.PulseQueries;
import org.emon.api.store.PulsesStoredListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The energy endpoint's answers as written (JSON or CSV bytes), kept so that asking again for
 * unchanged data costs a look-up instead of a query and its serialisation. Least recently used
 * answers go first once their bytes exceed the bound. Never stale: an answer counted the pulses
 * before its horizon (the end of its last bucket, or the meter reading's moment if later), so it is
 * dropped as soon as the store tells of a pulse of its meter before that (a late pulse, an import);
 * it is not used once the meter's settings differ from those it was computed with, nor once the
 * strategies that cut buckets (a tariff) come or go. An answer being computed while such a change
 * happens is not kept.
 */
@Component(service = { EnergyAnswers.class, PulsesStoredListener.class }, configurationPid = EnergyAnswers.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = EnergyAnswers.Config.class)
public final class EnergyAnswers implements PulsesStoredListener {

    static final String PID = "org.emon.rest.energy";

    /** 8 MB: eight one-year hourly answers, or thousands of a day's, on a Pi with 512 MB. */
    static final long DEFAULT_MAX_BYTES = 8L * 1024 * 1024;

    @ObjectClassDefinition(id = PID, name = "emon energy answers",
            description = "The energy endpoint keeps recent answers while their data does not change.")
    @interface Config {

        @AttributeDefinition(name = "Cache size (bytes)",
                description = "Bytes of answers kept (least recently used go first); 0 keeps none.")
        long cache_max_bytes() default DEFAULT_MAX_BYTES;
    }

    /** What identifies an answer; {@code type} is its media type (JSON or CSV). */
    record Key(int meterId, Instant from, Instant to, String resolution, ZoneId zone, String type) {
    }

    /**
     * An answer as computed: its bytes, and its horizon: the instant before which it counted
     * pulses (a pulse at or after it changes nothing in it).
     */
    record Computed(byte[] bytes, Instant horizon) {
    }

    /** What of a meter's settings goes into its energy. */
    private record Settings(MeterKind kind, double impulsesPerUnit, double calorificValue, Optional<MeterReading> reading) {

        static Settings of(Meter meter) {
            return new Settings(meter.kind(), meter.impulsesPerUnit(), meter.calorificValue(), meter.reading());
        }
    }

    private record Entry(byte[] bytes, long horizonMillis, Settings settings) {
    }

    /** An answer being computed, and what happened to its meter meanwhile. */
    private static final class Ticket {

        final int meterId;
        long oldestStored = Long.MAX_VALUE; // guarded by the cache
        boolean strategiesChanged; // guarded by the cache

        Ticket(int meterId) {
            this.meterId = meterId;
        }
    }

    private final MeterRegistry meters;
    private final long maxBytes;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true); // guarded by this
    private final List<Ticket> computing = new ArrayList<>(); // guarded by this
    private long bytes; // guarded by this
    private long hits; // guarded by this
    private long misses; // guarded by this

    /**
     * @param store the store whose pulses the answers count: another store (e.g. another database
     *              file) means another, empty, cache
     */
    @Activate
    public EnergyAnswers(@Reference MeterRegistry meters, @Reference PulseQueries store, Config config) {
        this(meters, config.cache_max_bytes());
    }

    /** Keeps no answer. */
    static EnergyAnswers none() {
        return new EnergyAnswers(null, 0);
    }

    EnergyAnswers(MeterRegistry meters, long maxBytes) {
        this.meters = meters;
        this.maxBytes = Math.max(0, maxBytes);
    }

    /**
     * A kept answer for {@code key} if there is one and it is still true, else {@code compute}'s,
     * kept if nothing changed it while it was computed.
     *
     * @param compute throws for a request that has no answer (e.g. an unknown meter): nothing is kept
     */
    byte[] answer(Key key, Supplier<Computed> compute) {
        Optional<Meter> meter = maxBytes == 0 ? Optional.empty() : meters.meter(key.meterId());
        if (meter.isEmpty()) {
            return compute.get().bytes();
        }
        Settings settings = Settings.of(meter.get()); // before computing: a later change then shows as a difference
        Ticket ticket = new Ticket(key.meterId());
        synchronized (this) {
            Entry entry = entries.get(key);
            if (entry != null && entry.settings().equals(settings)) {
                hits++;
                return entry.bytes();
            }
            if (entry != null) {
                remove(key);
            }
            misses++;
            computing.add(ticket);
        }
        Computed computed;
        try {
            computed = compute.get();
        } finally {
            synchronized (this) {
                computing.remove(ticket);
            }
        }
        long horizon = computed.horizon().toEpochMilli();
        if (settings.reading().isPresent()) {
            horizon = Math.max(horizon, settings.reading().get().at().toEpochMilli());
        }
        synchronized (this) {
            if (!ticket.strategiesChanged && ticket.oldestStored >= horizon && computed.bytes().length <= maxBytes) {
                Entry replaced = entries.put(key, new Entry(computed.bytes(), horizon, settings));
                bytes += computed.bytes().length - (replaced == null ? 0 : replaced.bytes().length);
                evictOverBound();
            }
        }
        return computed.bytes();
    }

    /** Drops the answers of the meter that counted pulses at or after {@code oldestMillis}. */
    @Override
    public synchronized void pulsesStored(int meterId, long oldestMillis) {
        for (Ticket ticket : computing) {
            if (ticket.meterId == meterId) {
                ticket.oldestStored = Math.min(ticket.oldestStored, oldestMillis);
            }
        }
        for (Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Key, Entry> e = it.next();
            if (e.getKey().meterId() == meterId && e.getValue().horizonMillis() > oldestMillis) {
                bytes -= e.getValue().bytes().length;
                it.remove();
            }
        }
    }

    /** A strategy came or went (e.g. a tariff was reconfigured): any answer may cut its buckets differently now. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addStrategy(AggregationStrategy strategy) {
        strategiesChanged();
    }

    synchronized void removeStrategy(AggregationStrategy strategy) {
        strategiesChanged();
    }

    private void strategiesChanged() {
        computing.forEach(ticket -> ticket.strategiesChanged = true);
        entries.clear();
        bytes = 0;
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }

    /** Bytes of the answers kept. */
    synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return entries.size();
    }

    private void remove(Key key) {
        Entry removed = entries.remove(key);
        if (removed != null) {
            bytes -= removed.bytes().length;
        }
    }

    private void evictOverBound() {
        Iterator<Entry> eldest = entries.values().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            bytes -= eldest.next().bytes().length;
            eldest.remove();
        }
    }
}
