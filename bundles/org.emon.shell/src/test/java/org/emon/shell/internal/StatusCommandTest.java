package org.emon.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;

import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.emon.api.MeterStatus;
import org.emon.api.MeterStatus.SourceInfo;
import org.emon.api.PowerReading;
import org.emon.api.SourceStatus;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

    record TestMeter(int id, String description, String location, MeterKind kind, double impulsesPerUnit) implements Meter {
    }

    @Test
    void printsOneRowPerMeterWithSourcePulsesPowerAndLastPulse() {
        Meter meter = new TestMeter(21, "Main E-meter", "Hall", MeterKind.ELECTRICITY, 1000);
        SourceStatus running = new SourceStatus(SourceStatus.State.RUNNING, "", 12, 1_700_000_000_000L);
        MeterStatus status = new MeterStatus(meter, List.of(new SourceInfo(21, "simulator", running)), 1234,
                new PowerReading(21, 1987.6, "W", 1_700_000_000_000L));
        SourceInfo orphan = new SourceInfo(99, "simulator", new SourceStatus(SourceStatus.State.WAITING, "meter 99 is not configured", 0, 0));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StatusCommand.print(List.of(status), List.of(orphan), ZoneOffset.UTC, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("Meter").contains("Pulses stored");
        assertThat(out).containsPattern("21 +\\| Main E-meter +\\| electricity +\\| simulator +\\| RUNNING +\\| +1234 +\\| +1988 W +\\| 2023-11-14 22:13:20");
        assertThat(out).contains("meter 99, which is not configured");
    }

    @Test
    void formatsSmallPowerAndMissingTimes() {
        assertThat(StatusCommand.formatPower(0.5, "m3/h")).isEqualTo("0.500 m3/h");
        assertThat(StatusCommand.formatPower(0, "W")).isEqualTo("0.00 W");
        assertThat(StatusCommand.formatTime(0, ZoneOffset.UTC)).isEqualTo("-");
    }
}
