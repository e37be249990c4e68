package org.emon.source.simulator.internal;

import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.emon.api.MeterRegistry;
import org.emon.api.PulseSink;
import org.emon.api.PulseSource;
import org.emon.api.SourceStatus;
import org.emon.api.SourceStatus.State;
import org.emon.api.source.SourceBookkeeping;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated meter: one factory configuration {@code org.emon.source.simulator-<name>} per meter,
 * pulsing in real time as its profile (constant, household, gas) says, on its own thread.
 */
@Component(configurationPid = "org.emon.source.simulator", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SimulatorConfig.class, factory = true)
public final class SimulatedMeter implements PulseSource {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedMeter.class);
    /** The longest sleep: the meter's configuration (kind, impulses per unit) is checked this often. */
    static final long MAX_WAIT_MILLIS = 1000;
    /**
     * Behind the simulated clock by more than this (the machine slept, the clock jumped), the
     * simulation restarts at now rather than deliver the missed pulses in a burst.
     */
    static final long MAX_LAG_MILLIS = 10_000;

    private final MeterRegistry meters;
    private final SimulatorSettings settings;
    private final ScheduledExecutorService scheduler;
    private final SourceBookkeeping book;

    private PulseGenerator generator;
    private MeterKind kind;
    private double impulsesPerUnit;
    private double nextPulse;
    private long lastNow;

    @Activate
    public SimulatedMeter(@Reference PulseSink sink, @Reference MeterRegistry meters, SimulatorConfig config) {
        this(sink, meters, SimulatorSettings.of(config), Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "emon-simulator-meter-" + config.meter_id());
            t.setDaemon(true);
            return t;
        }));
        scheduler.execute(this::tick);
    }

    /** For tests: no thread when {@code scheduler} is null; {@link #step} drives it. */
    SimulatedMeter(PulseSink sink, MeterRegistry meters, SimulatorSettings settings, ScheduledExecutorService scheduler) {
        this.book = new SourceBookkeeping(sink, settings.meterId(), State.WAITING, "starting");
        this.meters = meters;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    @Deactivate
    void stop() {
        scheduler.shutdownNow();
    }

    private void tick() {
        long delay = MAX_WAIT_MILLIS;
        try {
            delay = step(System.currentTimeMillis());
        } catch (RuntimeException e) {
            book.failed(e.toString());
            LOG.warn("Simulator for meter {} failed; retrying", settings.meterId(), e);
        }
        scheduler.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Delivers every pulse due by {@code now} (several when the thread woke late, so high rates keep
     * up), and returns the milliseconds to wait before the next call.
     */
    long step(long now) {
        Meter meter = meters.meter(settings.meterId()).orElse(null);
        if (meter == null) {
            generator = null;
            book.waiting("meter " + settings.meterId() + " is not configured");
            return MAX_WAIT_MILLIS;
        }
        boolean clockJumped = now < lastNow - MAX_WAIT_MILLIS || generator != null && now - nextPulse > MAX_LAG_MILLIS;
        if (generator == null || meter.kind() != kind || meter.impulsesPerUnit() != impulsesPerUnit || clockJumped) {
            if (!start(meter, now)) {
                return MAX_WAIT_MILLIS;
            }
        }
        lastNow = now;
        while (nextPulse <= now) {
            emit((long) Math.floor(nextPulse));
            nextPulse = generator.next();
        }
        return Math.max(1, Math.min(MAX_WAIT_MILLIS, (long) Math.ceil(nextPulse - now)));
    }

    /** (Re)starts the simulation at {@code now} for the meter as configured; false if the profile does not fit it. */
    private boolean start(Meter meter, long now) {
        kind = meter.kind();
        impulsesPerUnit = meter.impulsesPerUnit();
        try {
            generator = new PulseGenerator(settings.profileFor(kind), kind, impulsesPerUnit, settings.jitter(),
                    new Random(settings.seed()), now);
        } catch (IllegalArgumentException e) {
            generator = null;
            book.failed(e.getMessage());
            return false;
        }
        nextPulse = generator.next();
        book.running();
        return true;
    }

    private void emit(long timestamp) {
        // one pulse per millisecond at most: (meter, ms) identifies a pulse
        timestamp = Math.max(timestamp, book.lastPulseMillis() + 1);
        try {
            book.deliver(timestamp);
        } catch (RuntimeException e) {
            LOG.warn("Simulated pulse for meter {} not delivered", settings.meterId(), e);
        }
    }

    @Override
    public int meterId() {
        return settings.meterId();
    }

    @Override
    public String name() {
        return "simulator";
    }

    @Override
    public SourceStatus status() {
        return book.status();
    }
}
