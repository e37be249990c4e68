package org.emon.source.gpio.internal;

import java.util.Locale;
import java.util.Map;

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

    @Activate
    public GpioPulseSource(@Reference PulseSink sink, @Reference GpioInputs gpio, GpioConfig config, Map<String, Object> properties) {
        this(sink, gpio, config, properties, Timebase.system("emon-gpio-" + properties.getOrDefault("meter.id", "?")));
    }

    GpioPulseSource(PulseSink sink, GpioInputs gpio, GpioConfig config, Map<String, ?> properties, Timebase time) {
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
        this.name = "gpio BCM " + settings.pin() + " " + settings.type().name().toLowerCase(Locale.ROOT);
        this.book = new SourceBookkeeping(sink, meterId, State.WAITING, "opening the pin");
        GpioInputs.Input opened = null;
        try {
            opened = gpio.open(settings.pin(), settings.pull(), "the GPIO source of meter " + meterId);
            Debouncer debouncer = new Debouncer(settings.edge(), settings.debounceNanos(), time, this::deliver);
            debouncer.start(opened.level());
            // Pi4J gives no event time: read the clocks as it delivers the edge
            opened.listen(high -> debouncer.level(high, time.nanoTime(), time.currentTimeMillis()));
            book.running("no pulse yet");
        } catch (GpioUnavailableException e) {
            fail(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: Pi4J's native code, should it fail only now; never fail the container
            fail(Pi4jGpio.describe(e));
        }
        this.input = opened;
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
        return book.status();
    }
}
