package org.emon.source.simulator.internal;

import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.emon.api.MeterRegistry;
import org.emon.api.PulseSink;
import org.emon.api.PulseSource;
import org.emon.api.SourceStatus;
import org.emon.api.SourceStatus.State;
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
 * pulsing at the configured mean power with jitter, on its own thread.
 */
@Component(configurationPid = "org.emon.source.simulator", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SimulatorConfig.class, factory = true)
public final class SimulatedMeter implements PulseSource {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedMeter.class);
    private static final long WAIT_FOR_METER_MILLIS = 1000;

    private final PulseSink sink;
    private final MeterRegistry meters;
    private final int meterId;
    private final double power;
    private final double flow;
    private final double jitter;
    private final Random random;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong delivered = new AtomicLong();

    private volatile SourceStatus.State state = State.WAITING;
    private volatile String detail = "starting";
    private volatile long lastPulse;
    private PulseTiming timing;
    private MeterKind timingKind;
    /** When the next pulse is due, on the nanoTime clock: scheduling from it keeps the mean rate exact. */
    private long dueNanos;

    @Activate
    public SimulatedMeter(@Reference PulseSink sink, @Reference MeterRegistry meters, SimulatorConfig config) {
        this.sink = sink;
        this.meters = meters;
        this.meterId = config.meter_id();
        this.power = config.power_watts();
        this.flow = config.flow_m3_per_hour();
        this.jitter = config.jitter();
        this.random = config.seed() == 0 ? new Random() : new Random(config.seed());
        // both checked now, so a bad configuration fails at once with its reason in the log
        new PulseTiming(power, jitter, random);
        new PulseTiming(flow, jitter, random);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "emon-simulator-meter-" + meterId);
            t.setDaemon(true);
            return t;
        });
        dueNanos = System.nanoTime();
        scheduler.execute(this::tick);
    }

    @Deactivate
    void stop() {
        scheduler.shutdownNow();
    }

    private void tick() {
        Meter meter = meters.meter(meterId).orElse(null);
        if (meter == null) {
            waitFor("meter " + meterId + " is not configured");
            return;
        }
        if (timing == null || timingKind != meter.kind()) {
            timingKind = meter.kind();
            timing = new PulseTiming(meter.kind() == MeterKind.ELECTRICITY ? power : flow, jitter, random);
            // a real meter is somewhere within its interval when counting starts: a random phase
            dueNanos = System.nanoTime() + toNanos(timing.nextIntervalMillis(meter) * random.nextDouble());
        } else {
            emit();
            dueNanos += toNanos(timing.nextIntervalMillis(meter));
        }
        scheduler.schedule(this::tick, Math.max(0, dueNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void emit() {
        // one pulse per millisecond at most: (meter, ms) identifies a pulse
        long timestamp = Math.max(System.currentTimeMillis(), lastPulse + 1);
        try {
            if (sink.pulse(meterId, timestamp)) {
                lastPulse = timestamp;
                delivered.incrementAndGet();
                state = State.RUNNING;
                detail = "";
            } else {
                state = State.WAITING;
                detail = "pulses for meter " + meterId + " are refused";
            }
        } catch (RuntimeException e) {
            state = State.FAILED;
            detail = e.toString();
            LOG.warn("Simulated pulse for meter {} not delivered", meterId, e);
        }
    }

    private void waitFor(String reason) {
        state = State.WAITING;
        detail = reason;
        timing = null;
        scheduler.schedule(this::tick, WAIT_FOR_METER_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static long toNanos(double millis) {
        return (long) (millis * 1_000_000);
    }

    @Override
    public int meterId() {
        return meterId;
    }

    @Override
    public String name() {
        return "simulator";
    }

    @Override
    public SourceStatus status() {
        return new SourceStatus(state, detail, delivered.get(), lastPulse);
    }
}
