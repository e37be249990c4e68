package org.emon.source.gpio.internal;

import java.util.function.IntConsumer;

import org.emon.source.gpio.internal.GpioSettings.Pull;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.library.gpiod.internal.GpioDContext;
import com.pi4j.library.gpiod.internal.GpioLine;
import com.pi4j.library.gpiod.internal.GpioLineEvent;
import com.pi4j.library.gpiod.internal.LineEvent;
import com.pi4j.library.gpiod.internal.LineRequestFlag;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;

/**
 * The one Pi4J context of the GPIO sources, built on the first input that is opened (so that a
 * machine without GPIO, or without any GPIO source configured, never starts Pi4J) and shut down
 * when the last GPIO source goes. Built explicitly with the gpiod provider: Pi4J's ServiceLoader
 * discovery sees nothing across bundles. The gpiod plugin uses the Linux GPIO character device,
 * which works on the Pi 4 and the Pi 5 alike.
 * <p>
 * Its lines are read through Pi4J's libgpiod binding by emon's own thread ({@link GpiodLineInput}),
 * which keeps the kernel's time of each edge; Pi4J's own inputs (without the kernel's times) serve
 * only where no such binding is given, as with Pi4J's mock provider in tests.
 */
@Component(service = GpioInputs.class, property = "emon.gpio.backend=" + Pi4jGpio.NAME)
public final class Pi4jGpio implements GpioInputs {

    static final String NAME = "pi4j";

    private static final Logger LOG = LoggerFactory.getLogger(Pi4jGpio.class);

    /** Builds the Pi4J context, or says why this machine has no GPIO. */
    @FunctionalInterface
    interface ContextFactory {
        Context create() throws GpioUnavailableException;
    }

    /** Requests a line, once the context is built, for reading its edges with the kernel's times. */
    @FunctionalInterface
    interface KernelLines {
        GpiodLineInput.Line open(int pin, Pull pull);
    }

    private final ContextFactory factory;
    private final String providerId;
    private final IntConsumer releaseLine;
    private final KernelLines kernelLines;
    private final PinOwners owners = new PinOwners();
    private Context context;
    private GpioUnavailableException unavailable;

    @Activate
    public Pi4jGpio() {
        this(Pi4jGpio::gpiodContext, GpioDDigitalInputProvider.ID, Pi4jGpio::releaseGpiodLine, Pi4jGpio::requestGpiodLine);
    }

    /**
     * @param releaseLine gives a pin back to the kernel once its input is shut down, so that
     *                    it can be opened again
     * @param kernelLines null to read through Pi4J's own inputs (the mock provider)
     */
    Pi4jGpio(ContextFactory factory, String providerId, IntConsumer releaseLine, KernelLines kernelLines) {
        this.factory = factory;
        this.providerId = providerId;
        this.releaseLine = releaseLine;
        this.kernelLines = kernelLines;
    }

    /** The Pi4J id of the input on BCM {@code pin}. */
    static String ioId(int pin) {
        return "emon-bcm-" + pin;
    }

    @Override
    public synchronized Input open(int pin, Pull pull, long debounceNanos, String owner) throws GpioUnavailableException {
        owners.checkFree(pin);
        Context pi4j = context();
        if (kernelLines != null) {
            GpiodLineInput.Line line;
            try {
                line = kernelLines.open(pin, pull);
            } catch (RuntimeException | LinkageError e) {
                throw new IllegalStateException("BCM " + pin + " could not be opened: " + describe(e), e);
            }
            owners.take(pin, owner);
            return new GpiodLineInput(pin, line, () -> released(pin));
        }
        DigitalInput input;
        try {
            input = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                    .id(ioId(pin))
                    .name(owner)
                    .address(pin)
                    .pull(switch (pull) {
                        case UP -> PullResistance.PULL_UP;
                        case DOWN -> PullResistance.PULL_DOWN;
                        case OFF -> PullResistance.OFF;
                    })
                    .debounce(0L) // Pi4J's default is 10 ms, which would swallow a 555's 2 ms phases
                    .provider(providerId)
                    .build());
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("BCM " + pin + " could not be opened: " + describe(e), e);
        }
        owners.take(pin, owner);
        return new Pi4jInput(pin, input);
    }

    private Context context() throws GpioUnavailableException {
        if (unavailable != null) {
            throw unavailable;
        }
        if (context == null) {
            try {
                context = factory.create();
            } catch (GpioUnavailableException e) {
                unavailable = e;
                throw e;
            }
        }
        return context;
    }

    private synchronized void released(int pin) {
        owners.release(pin);
    }

    private synchronized void close(int pin) {
        owners.release(pin);
        if (context == null) {
            return;
        }
        try {
            context.shutdown(ioId(pin));
        } catch (RuntimeException e) {
            LOG.warn("Pi4J did not shut down the input on BCM {} cleanly", pin, e);
        }
        releaseLine.accept(pin);
    }

    @Deactivate
    synchronized void stop() {
        if (context != null) {
            try {
                context.shutdown();
            } catch (RuntimeException e) {
                LOG.warn("Pi4J did not shut down cleanly", e);
            }
            context = null;
        }
        owners.clear();
    }

    private final class Pi4jInput implements Input {

        private final int pin;
        private final DigitalInput input;
        private DigitalStateChangeListener listener;
        private boolean closed;

        Pi4jInput(int pin, DigitalInput input) {
            this.pin = pin;
            this.input = input;
        }

        @Override
        public String backend() {
            return NAME;
        }

        @Override
        public Boolean level() {
            try {
                DigitalState state = input.state();
                return state == DigitalState.UNKNOWN || state == null ? null : state.isHigh();
            } catch (RuntimeException e) {
                return null;
            }
        }

        @Override
        public synchronized void listen(LevelListener levels) {
            listener = event -> {
                DigitalState state = event.state();
                if (state == DigitalState.HIGH || state == DigitalState.LOW) {
                    levels.changed(state.isHigh());
                }
            };
            input.addListener(listener);
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return; // the pin may already serve another source
            }
            closed = true;
            if (listener != null) {
                input.removeListener(listener);
                listener = null;
            }
            Pi4jGpio.this.close(pin);
        }
    }

    /** The gpiod context for this machine, after {@link GpioProbe} found nothing against it. */
    static Context gpiodContext() throws GpioUnavailableException {
        String problem = GpioProbe.here().orElse(null);
        if (problem != null) {
            throw new GpioUnavailableException(problem, null);
        }
        try {
            return Pi4J.newContextBuilder()
                    .noAutoDetect()
                    .add(GpioDDigitalInputProvider.newInstance())
                    .build();
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: the native libgpiod that Pi4J unpacks did not load
            throw new GpioUnavailableException("Pi4J could not start its gpiod provider: " + describe(e), e);
        }
    }

    /** BCM {@code pin}'s line of the chip Pi4J's gpiod context opened, requested for both edges. */
    private static GpiodLineInput.Line requestGpiodLine(int pin, Pull pull) {
        GpioDContext gpiod = GpioDContext.getInstance();
        GpioLine line = gpiod.getOrOpenLine(pin);
        line.requestBothEdgeEventsFlags("emon", (switch (pull) {
            case UP -> LineRequestFlag.BIAS_PULL_UP;
            case DOWN -> LineRequestFlag.BIAS_PULL_DOWN;
            case OFF -> LineRequestFlag.BIAS_DISABLE;
        }).getVal());
        GpioLineEvent event = gpiod.openLineEvent();
        return new GpiodLineInput.Line() {
            @Override
            public boolean await(int millis) {
                return line.eventWait(millis * 1_000_000L);
            }

            @Override
            public void read(GpiodLineInput.Edge edge) {
                line.eventRead(event);
                edge.at(event.getType() == LineEvent.RISING_EDGE, event.getTimeNs());
            }

            @Override
            public boolean level() {
                return line.getValue() != 0;
            }

            @Override
            public void release() {
                gpiod.closeLineEvent(event);
                gpiod.closeLine(line);
            }
        };
    }

    /**
     * Pi4J 2.8's gpiod input keeps its line requested after shutdown, and the kernel refuses a
     * second request (EBUSY) when a source is reconfigured on the same pin: release it as Pi4J
     * itself does before re-requesting a line.
     */
    private static void releaseGpiodLine(int pin) {
        try {
            GpioDContext gpiod = GpioDContext.getInstance();
            gpiod.closeLine(gpiod.getOrOpenLine(pin));
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("BCM {} not released (it may never have been requested)", pin, e);
        }
    }

    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }
}
