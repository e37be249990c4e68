package org.emon.source.simulator.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.emon.api.MeterRegistry;
import org.emon.api.PulseSink;
import org.emon.api.PulseSource;
import org.emon.api.SourceStatus;
import org.emon.api.SourceStatus.State;
import org.emon.api.source.SourceBookkeeping;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated meter: one factory configuration {@code org.emon.source.simulator-<name>} per meter,
 * pulsing in real time as its profile (constant, household, gas) says, on its own thread. It
 * stands by while any other source is configured for its meter (a configuration naming its
 * {@code meter.id}, or a source service for it), so that a meter fed by real hardware never has
 * simulated pulses mixed in, not even in the seconds before the other source has started.
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
    /** The other sources registered for this meter: service id to a name for the status. */
    private final Map<Long, String> others = new ConcurrentHashMap<>();
    /** The pids of the other sources' configurations that name this meter. */
    private final IntFunction<List<String>> configuredSources;
    private List<String> configured = List.of();
    /** When to list the configurations again: once a second (and at once after the clock went back). */
    private long nextConfigCheck = Long.MIN_VALUE;

    private PulseGenerator generator;
    private MeterKind kind;
    private double impulsesPerUnit;
    private double nextPulse;
    private long lastNow;

    @Activate
    public SimulatedMeter(@Reference PulseSink sink, @Reference MeterRegistry meters, @Reference ConfigurationAdmin configs,
            SimulatorConfig config) {
        this(sink, meters, SimulatorSettings.of(config), meterId -> otherSourceConfigurations(configs, meterId),
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "emon-simulator-meter-" + config.meter_id());
                    t.setDaemon(true);
                    return t;
                }));
        scheduler.execute(this::tick);
    }

    /** For tests: no thread when {@code scheduler} is null; {@link #step} drives it. */
    SimulatedMeter(PulseSink sink, MeterRegistry meters, SimulatorSettings settings, IntFunction<List<String>> configuredSources,
            ScheduledExecutorService scheduler) {
        this.configuredSources = configuredSources;
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
        if (now >= nextConfigCheck || now < nextConfigCheck - MAX_WAIT_MILLIS) {
            configured = configuredSources.apply(settings.meterId());
            nextConfigCheck = now + MAX_WAIT_MILLIS;
        }
        if (!others.isEmpty() || !configured.isEmpty()) {
            TreeSet<String> names = new TreeSet<>(configured);
            names.addAll(others.values());
            String detail = "standing by: meter " + settings.meterId() + " has another source (" + String.join(", ", names) + ")";
            if (!detail.equals(book.status().detail())) {
                LOG.info("Simulator for meter {} stands by: another source is configured for it ({})", settings.meterId(),
                        String.join(", ", names));
            }
            generator = null;
            book.waiting(detail);
            return MAX_WAIT_MILLIS;
        }
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

    /**
     * Any source of any bundle, by reference only: getting the service would activate a source just
     * to read its name, and this component's own service is one of them.
     */
    @Reference(service = PulseSource.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSource(ServiceReference<PulseSource> source) {
        sourceAdded((Long) source.getProperty(Constants.SERVICE_ID), source.getProperty(Meter.METER_ID),
                source.getProperty("component.name"), source.getProperty(Constants.SERVICE_PID));
    }

    void removeSource(ServiceReference<PulseSource> source) {
        sourceRemoved((Long) source.getProperty(Constants.SERVICE_ID));
    }

    /**
     * Another simulator is no reason to stand by (two simulators on one meter are flagged by the
     * status like any two sources); any other source configured for this meter is.
     */
    void sourceAdded(long serviceId, Object meterId, Object componentName, Object pid) {
        if (SimulatedMeter.class.getName().equals(componentName) || !Integer.valueOf(settings.meterId()).equals(meterIdOf(meterId))) {
            return;
        }
        others.put(serviceId, pid != null ? String.valueOf(pid) : String.valueOf(componentName));
    }

    void sourceRemoved(long serviceId) {
        others.remove(serviceId);
    }

    /** The pids of configurations other than simulators' that name {@code meterId} as their {@code meter.id}. */
    static List<String> otherSourceConfigurations(ConfigurationAdmin configs, int meterId) {
        try {
            Configuration[] found = configs.listConfigurations("(&(" + Meter.METER_ID + "=" + meterId
                    + ")(!(service.factoryPid=org.emon.source.simulator)))");
            return found == null ? List.of() : Arrays.stream(found).map(Configuration::getPid).sorted().toList();
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("Simulator for meter {} cannot list the configurations; it counts as if no other source were configured",
                    meterId, e);
            return List.of();
        }
    }

    /** {@code meter.id} as DS publishes it: an Integer from a typed configuration, a String from a .cfg file. */
    private static Integer meterIdOf(Object value) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof String text && text.trim().matches("[0-9]{1,9}")) {
            return Integer.parseInt(text.trim());
        }
        return null;
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
