package org.emon.source.gpio.internal;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.emon.api.PulseSink;
import org.emon.api.PulseSource;
import org.emon.api.SourceStatus;
import org.emon.api.SourceStatus.State;
import org.emon.api.source.SourceBookkeeping;
import org.emon.source.gpio.internal.GpioSettings.Backend;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A meter's pulses from a GPIO input: one factory configuration
 * {@code org.emon.source.gpio-<name>} per meter. It never fails the container: a bad configuration,
 * a machine without GPIO or a pin that cannot be opened is its state ({@code FAILED} with the
 * reason), shown by {@code emon:sources} and {@code emon:status}.
 */
@Component(configurationPid = "org.emon.source.gpio", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = GpioConfig.class, factory = true)
public final class GpioPulseSource implements PulseSource {

    private static final Logger LOG = LoggerFactory.getLogger(GpioPulseSource.class);

    private final int meterId;
    private final String name;
    private final Timebase time;
    private final SourceBookkeeping book;
    private final GpioInputs.Input input;

    /**
     * @param pi4j the Pi4J backend
     * @param uapi the kernel's uAPI v2 backend
     */
    @Activate
    public GpioPulseSource(@Reference PulseSink sink,
            @Reference(name = "pi4j", target = "(emon.gpio.backend=" + Pi4jGpio.NAME + ")") GpioInputs pi4j,
            @Reference(name = "uapi2", target = "(emon.gpio.backend=" + UapiGpio.NAME + ")") GpioInputs uapi,
            GpioConfig config, Map<String, Object> properties) {
        this(sink, backends(pi4j, uapi), config, properties, Timebase.system("emon-gpio-" + properties.getOrDefault("meter.id", "?")));
    }

    /** The backend a configuration chooses, from those given. */
    static Function<Backend, GpioInputs> backends(GpioInputs pi4j, GpioInputs uapi) {
        return backend -> switch (backend) {
            case PI4J -> pi4j;
            case UAPI2 -> uapi;
            case AUTO -> new AutoGpio(pi4j, uapi);
        };
    }

    /** With one backend, whatever the configuration chooses. */
    GpioPulseSource(PulseSink sink, GpioInputs gpio, GpioConfig config, Map<String, ?> properties, Timebase time) {
        this(sink, backend -> gpio, config, properties, time);
    }

    GpioPulseSource(PulseSink sink, Function<Backend, GpioInputs> backends, GpioConfig config, Map<String, ?> properties, Timebase time) {
        this.time = time;
        GpioSettings settings;
        try {
            settings = GpioSettings.of(config, properties);
        } catch (IllegalArgumentException e) {
            this.meterId = meterIdOrZero(config);
            this.name = "gpio";
            this.book = new SourceBookkeeping(sink, meterId, State.FAILED, "");
            this.input = null;
            fail("bad configuration " + origin(properties) + ": " + e.getMessage());
            return;
        }
        this.meterId = settings.meterId();
        String pin = "gpio BCM " + settings.pin() + " " + settings.type().name().toLowerCase(Locale.ROOT);
        this.book = new SourceBookkeeping(sink, meterId, State.WAITING, "opening the pin");
        GpioInputs.Input opened = null;
        try {
            opened = backends.apply(settings.backend()).open(settings.pin(), settings.pull(), settings.debounceNanos(), "the GPIO source of meter " + meterId);
            // a debounce the kernel applies is not applied twice
            long hold = opened.debouncedNanos() > 0 ? 0 : settings.debounceNanos();
            Debouncer debouncer = new Debouncer(settings.edge(), hold, opened.timer(time), this::deliver);
            debouncer.start(opened.level());
            opened.listen(new GpioInputs.LevelListener() {
                @Override
                public void changed(boolean high) {
                    debouncer.level(high, time.nanoTime(), time.currentTimeMillis());
                }

                @Override
                public void changed(boolean high, long nanoTime, long epochMillis) {
                    debouncer.level(high, nanoTime, epochMillis);
                }
            });
            book.running("no pulse yet");
        } catch (GpioUnavailableException e) {
            fail(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: native code, should it fail only now; never fail the container
            fail(Pi4jGpio.describe(e));
        }
        this.input = opened;
        // the backend in use, for emon:sources and the status
        this.name = opened == null ? pin : pin + " (" + opened.backend() + ")";
    }

    /** The meter a badly configured source is shown under: its own if that much is readable. */
    private static int meterIdOrZero(GpioConfig config) {
        try {
            return Math.max(0, config.meter_id());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static String origin(Map<String, ?> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        Object pid = properties.get("service.pid");
        return "(" + (file != null ? file : pid != null ? pid : "org.emon.source.gpio") + ")";
    }

    private void fail(String reason) {
        book.failed(reason);
        LOG.warn("GPIO source for meter {} not counting: {}", meterId, reason);
    }

    /** Called by the debouncer, in pulse order. */
    private void deliver(long epochMillis) {
        // emon keeps one pulse per meter and millisecond: never give two the same time (a plain
        // max() would hold every later pulse back after the wall clock is set back)
        long timestamp = epochMillis == book.lastPulseMillis() ? epochMillis + 1 : epochMillis;
        try {
            book.deliver(timestamp);
        } catch (RuntimeException e) {
            LOG.warn("GPIO pulse for meter {} not delivered", meterId, e);
        }
        reportLostEdges();
    }

    /**
     * Shows the edges the kernel lost in the state's detail while the source counts: a delivered
     * pulse clears the detail, so it is written again after each.
     */
    private void reportLostEdges() {
        long lost = input == null ? 0 : input.lostEdges();
        if (lost > 0 && book.status().state() == State.RUNNING) {
            book.running(lostEdges(lost));
        }
    }

    static String lostEdges(long lost) {
        return lost + (lost == 1 ? " edge" : " edges") + " lost: the kernel's buffer was full (emon was too slow to read it)";
    }

    @Deactivate
    void stop() {
        if (input != null) {
            input.close();
        }
        time.close();
    }

    @Override
    public int meterId() {
        return meterId;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SourceStatus status() {
        String failure = input == null ? null : input.failure();
        if (failure != null) {
            book.failed(failure);
        } else {
            reportLostEdges(); // also those lost since the last pulse
        }
        return book.status();
    }
}
