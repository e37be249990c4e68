package org.emon.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.emon.api.MeterStatus.SourceInfo;
import org.emon.api.SourceStatus;
import org.emon.api.SourceStatus.State;
import org.junit.jupiter.api.Test;

class SharedMetersTest {

    private static SourceInfo source(String name, State state, String detail) {
        return new SourceInfo(21, name, new SourceStatus(state, detail, 3, 1000));
    }

    @Test
    void flagsEveryCountingSourceWhenTwoCountOneMeter() {
        List<SourceInfo> flagged = new SharedMeters().flag(21,
                List.of(source("gpio BCM 4 led", State.RUNNING, ""), source("simulator", State.RUNNING, "no pulse yet")));

        assertThat(flagged).extracting(s -> s.status().detail()).containsExactly(
                "2 sources count meter 21 (gpio BCM 4 led, simulator): their pulses are summed; configure one source per meter",
                "2 sources count meter 21 (gpio BCM 4 led, simulator): their pulses are summed; configure one source per meter; no pulse yet");
        assertThat(flagged).extracting(s -> s.status().state()).containsOnly(State.RUNNING);
        assertThat(flagged).extracting(s -> s.status().pulsesDelivered()).containsOnly(3L);
    }

    @Test
    void leavesAMeterWithOneCountingSourceAlone() {
        List<SourceInfo> sources = List.of(source("gpio BCM 4 led", State.RUNNING, ""),
                source("simulator", State.WAITING, "standing by"), source("gpio BCM 5 led", State.FAILED, "no GPIO"));

        assertThat(new SharedMeters().flag(21, sources)).isEqualTo(sources);
    }
}
