package org.emon.core.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.emon.api.LivePower;
import org.emon.api.Meter;
import org.emon.api.MeterRegistry;
import org.emon.api.PowerReading;
import org.emon.api.Pulse;
import org.emon.api.PulseSink;
import org.emon.api.PulseSource;
import org.emon.api.store.MeterTable;
import org.emon.api.store.PulseAppender;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every source's pulses arrive: checks the meter is configured, updates its power and hands
 * the pulse to the store.
 */
@Component(service = { PulseSink.class, LivePower.class }, configurationPid = "org.emon.power")
@Designate(ocd = PowerConfig.class)
public final class PulseRouter implements PulseSink, LivePower {

    private static final Logger LOG = LoggerFactory.getLogger(PulseRouter.class);

    private final MeterRegistry meters;
    private final PulseAppender store;
    /**
     * Optional: a store need not keep the original's meter table. Dynamic, so that it coming or going
     * never restarts this sink, which every source depends on.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MeterTable meterTable;
    private final PowerTracker power;
    private final LongSupplier clock;
    private final Map<Integer, LongAdder> refused = new ConcurrentHashMap<>();

    @Activate
    public PulseRouter(@Reference MeterRegistry meters, @Reference PulseAppender store, PowerConfig config) {
        this(meters, store, null, config.timeout_seconds() * 1000, System::currentTimeMillis);
    }

    PulseRouter(MeterRegistry meters, PulseAppender store, MeterTable meterTable, long powerTimeoutMillis,
            LongSupplier clock) {
        this.meters = meters;
        this.store = store;
        this.meterTable = meterTable;
        this.power = new PowerTracker(powerTimeoutMillis);
        this.clock = clock;
    }

    @Override
    public boolean pulse(int meterId, long timestampMillis) {
        Meter meter = meters.meter(meterId).orElse(null);
        if (meter == null) {
            LongAdder count = refused.computeIfAbsent(meterId, id -> new LongAdder());
            count.increment();
            if (Long.bitCount(count.sum()) == 1) { // 1st, 2nd, 4th, 8th... : visible but not flooding
                LOG.warn("Pulse for meter {} refused: no meter with that id is configured ({} refused so far)", meterId, count.sum());
            }
            return false;
        }
        double watts = power.record(meter, timestampMillis);
        store.append(new Pulse(meterId, timestampMillis));
        MeterTable table = meterTable;
        if (table != null) {
            table.savePower(meterId, watts, timestampMillis);
        }
        return true;
    }

    /**
     * A source starting for a meter (first start, a swap, a bundle update) begins a new interval.
     * Bound by reference, never by service object: a source needs this sink to activate, so
     * getting the source here would be a circular activation. Its meter is its {@code meter.id}
     * configuration property, which DS publishes with the service.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(ServiceReference<PulseSource> source) {
        restartMeterOf(source);
    }

    /** A source leaving: whichever source comes next for the meter begins a new interval. */
    void removeSource(ServiceReference<PulseSource> source) {
        restartMeterOf(source);
    }

    private void restartMeterOf(ServiceReference<PulseSource> source) {
        Object meterId = source.getProperty(Meter.METER_ID);
        if (meterId instanceof Number number) {
            power.restart(number.intValue());
        } else if (meterId instanceof String text && text.trim().matches("[0-9]{1,9}")) {
            power.restart(Integer.parseInt(text.trim()));
        }
    }

    @Override
    public PowerReading reading(int meterId) {
        return meters.meter(meterId)
                .map(meter -> power.reading(meter, clock.getAsLong()))
                .orElseGet(() -> new PowerReading(meterId, 0, "", 0));
    }

    /** Pulses refused because their meter is not configured, by meter id. */
    long refused(int meterId) {
        LongAdder count = refused.get(meterId);
        return count == null ? 0 : count.sum();
    }
}
