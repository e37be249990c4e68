package org.emon.source.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.emon.source.gpio.internal.Signals.MS;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.emon.api.Pulse;
import org.emon.api.PulseSink;
import org.emon.api.SourceStatus;
import org.emon.api.SourceStatus.State;
import org.emon.source.gpio.internal.Signals.Change;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;

/**
 * The real source component on a Pi4J context with the mock provider: edges driven into the mock
 * input reach the sink as pulses, timed by the source's clock (the mock fires its listeners
 * synchronously and gives no time).
 */
class GpioPulseSourceTest {

    private final AtomicReference<Context> pi4j = new AtomicReference<>();
    private final Pi4jGpio gpio = new Pi4jGpio(() -> {
        pi4j.set(Pi4J.newContextBuilder().noAutoDetect().add(MockDigitalInputProvider.newInstance()).build());
        return pi4j.get();
    }, MockDigitalInputProvider.ID, pin -> { }, null);
    private final List<Pulse> received = new ArrayList<>();
    private final PulseSink sink = (meter, timestamp) -> received.add(new Pulse(meter, timestamp));
    private final List<GpioPulseSource> sources = new ArrayList<>();

    @AfterEach
    void stop() {
        sources.forEach(GpioPulseSource::stop);
        gpio.stop();
    }

    private GpioPulseSource source(VirtualTime time, String... keyValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        GpioPulseSource source = new GpioPulseSource(sink, gpio, TestConfig.of(properties), properties, time);
        sources.add(source);
        return source;
    }

    private MockDigitalInput input(int pin) {
        return pi4j.get().registry().get(Pi4jGpio.ioId(pin));
    }

    private static void drive(VirtualTime time, MockDigitalInput input, Signals signals) {
        for (Change change : signals.changes) {
            time.advanceTo(change.nanos());
            input.mockState(change.high() ? DigitalState.HIGH : DigitalState.LOW);
        }
        time.advanceTo(signals.end() + 1000 * MS);
    }

    private List<Long> times(int meterId) {
        return received.stream().filter(p -> p.meterId() == meterId).map(Pulse::timestampMillis).toList();
    }

    @Test
    void clean555EdgesAt120HzAreAllCounted() {
        VirtualTime time = new VirtualTime();
        GpioPulseSource source = source(time, "meter.id", "21", "pin", "4", "type", "led");
        MockDigitalInput input = input(4);
        assertThat(input.config().pull()).isEqualTo(PullResistance.OFF);
        assertThat(input.config().debounce()).as("Pi4J's own debounce is off").isZero();

        Signals head = Signals.flashes(10 * MS, 1e9 / 120, 4 * MS, 1200); // 10 s
        drive(time, input, head);

        assertThat(times(21)).hasSize(1200).isEqualTo(head.expectedMillis());
        SourceStatus status = source.status();
        assertThat(status.state()).isEqualTo(State.RUNNING);
        assertThat(status.pulsesDelivered()).isEqualTo(1200);
        assertThat(status.lastPulseMillis()).isEqualTo(Signals.wallMillis(head.impulses.get(1199)));
        assertThat(source.name()).isEqualTo("gpio BCM 4 led (pi4j)");
        assertThat(source.meterId()).isEqualTo(21);
    }

    @Test
    void clean555EdgesAt125HzWith2MsLowPhasesAreAllCounted() {
        VirtualTime time = new VirtualTime();
        source(time, "meter.id", "21", "pin", "4");
        Signals head = Signals.flashes(10 * MS, 8 * MS, 6 * MS, 1250);
        drive(time, input(4), head);
        assertThat(times(21)).hasSize(1250).isEqualTo(head.expectedMillis());
    }

    @Test
    void bouncyReedSequencesAreCountedOnceEach() {
        VirtualTime time = new VirtualTime();
        GpioPulseSource source = source(time, "meter.id", "30", "pin", "17", "type", "reed");
        MockDigitalInput input = input(17);
        assertThat(input.config().pull()).isEqualTo(PullResistance.PULL_UP);
        // the mock starts low; the pulled-up contact is open (high) before the first impulse
        time.advanceTo(1 * MS);
        input.mockState(DigitalState.HIGH);

        Signals reed = Signals.reed(4, 300, 11);
        drive(time, input, reed);

        assertThat(times(30)).hasSize(300).isEqualTo(reed.expectedMillis());
        assertThat(source.status().pulsesDelivered()).isEqualTo(300);
    }

    @Test
    void twoMetersCountSeparatelyOnOneContext() {
        VirtualTime time = new VirtualTime();
        source(time, "meter.id", "21", "pin", "4");
        source(time, "meter.id", "30", "pin", "17", "type", "reed");
        input(17).mockState(DigitalState.HIGH);
        input(4).mockState(DigitalState.HIGH);
        time.advanceTo(100 * MS);
        input(4).mockState(DigitalState.LOW);
        input(17).mockState(DigitalState.LOW);
        time.advanceTo(200 * MS);
        assertThat(times(21)).containsExactly(Signals.wallMillis(100 * MS));
        assertThat(times(30)).containsExactly(Signals.wallMillis(100 * MS));
    }

    @Test
    void aPinServesOneSourceAndIsFreeAgainWhenItStops() {
        VirtualTime time = new VirtualTime();
        GpioPulseSource first = source(time, "meter.id", "21", "pin", "4");
        GpioPulseSource second = source(time, "meter.id", "22", "pin", "4");
        assertThat(second.status().state()).isEqualTo(State.FAILED);
        assertThat(second.status().detail()).isEqualTo("BCM 4 is already used by the GPIO source of meter 21");

        first.stop();
        assertThat(pi4j.get().registry().exists(Pi4jGpio.ioId(4))).isFalse();
        VirtualTime later = new VirtualTime(); // the first source closed its own
        GpioPulseSource again = source(later, "meter.id", "21", "pin", "4", "debounce.ms", "2");
        assertThat(again.status().state()).isEqualTo(State.RUNNING);
        input(4).mockState(DigitalState.HIGH);
        later.advanceTo(50 * MS);
        input(4).mockState(DigitalState.LOW);
        later.advanceTo(60 * MS);
        assertThat(again.status().pulsesDelivered()).isEqualTo(1);

        first.stop(); // again: must not close the pin that the new source now holds
        assertThat(pi4j.get().registry().exists(Pi4jGpio.ioId(4))).isTrue();
    }

    @Test
    void twoPulsesInOneMillisecondAreKeptApart() {
        // without debounce a bouncing contact gives two pulses in one ms; emon keeps one pulse
        // per meter and ms, so the second is delivered 1 ms later rather than lost to the store
        VirtualTime time = new VirtualTime();
        source(time, "meter.id", "21", "pin", "4", "debounce.ms", "0");
        MockDigitalInput input = input(4);
        input.mockState(DigitalState.HIGH);
        for (long t : new long[] { 100_000, 300_000, 500_000, 700_000 }) {
            time.advanceTo(t);
            input.mockState(input.state() == DigitalState.HIGH ? DigitalState.LOW : DigitalState.HIGH);
        }
        assertThat(times(21)).containsExactly(VirtualTime.EPOCH_MILLIS, VirtualTime.EPOCH_MILLIS + 1);
    }

    @Test
    void aBadConfigurationIsAStateNotAnException() {
        VirtualTime time = new VirtualTime();
        GpioPulseSource source = source(time, "meter.id", "21", "pin", "40", "pull", "pullup");
        SourceStatus status = source.status();
        assertThat(status.state()).isEqualTo(State.FAILED);
        assertThat(status.detail()).startsWith("bad configuration")
                .contains("pin must be a BCM GPIO number from 0 to 27, not 40")
                .contains("pull must be one of up, down, off, not 'pullup'");
        assertThat(source.meterId()).isEqualTo(21);
        assertThat(pi4j.get()).as("Pi4J is not started for a source that cannot run").isNull();
    }

    @Test
    void pulsesForAnUnconfiguredMeterAreReportedAsRefused() {
        VirtualTime time = new VirtualTime();
        PulseSink refusing = (meter, timestamp) -> false;
        Map<String, String> properties = Map.of("meter.id", "99", "pin", "5");
        GpioPulseSource source = new GpioPulseSource(refusing, gpio, TestConfig.of(properties), properties, time);
        sources.add(source);
        assertThat(source.status().detail()).isEqualTo("no pulse yet");
        input(5).mockState(DigitalState.HIGH);
        time.advanceTo(10 * MS);
        input(5).mockState(DigitalState.LOW);
        time.advanceTo(20 * MS);
        assertThat(source.status().state()).isEqualTo(State.WAITING);
        assertThat(source.status().detail()).contains("refused").contains("99");
        assertThat(source.status().pulsesDelivered()).isZero();
    }
}
