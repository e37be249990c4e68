package org.emon.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.emon.api.MeterStatus;
import org.emon.api.MeterStatus.SourceInfo;
import org.emon.api.PowerReading;
import org.emon.api.SourceStatus;
import org.emon.api.integration.IntegrationState;
import org.emon.api.store.StoreState;
import org.emon.api.store.StoreStatus;
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

    @Test
    void printsOneLineOfStoreHealth() {
        StoreStatus healthy = new StoreStatus("/data/emon.db", 820, 812, 3, 5, 0, 65536, 40, 0, null, 0, false, Map.of());
        assertThat(StatusCommand.storeLine(healthy, ZoneOffset.UTC))
                .isEqualTo("Store: 812 committed, 3 duplicates, 5 refused, queued 0/65536");

        StoreStatus failing = new StoreStatus("/data/emon.db", 900, 812, 3, 5, 80, 65536, 40, 7, "[SQLITE_IOERR] disk I/O error",
                1_700_000_000_000L, true, Map.of());
        assertThat(StatusCommand.storeLine(failing, ZoneOffset.UTC))
                .isEqualTo("Store: 812 committed, 3 duplicates, 5 refused, queued 80/65536;"
                        + " RETRYING: [SQLITE_IOERR] disk I/O error at 2023-11-14 22:13:20");

        StoreStatus full = new StoreStatus("/data/emon.db", 900, 812, 3, 5, 80, 65536, 40, 7, "[SQLITE_FULL] database or disk is full",
                1_700_000_000_000L, true, StoreState.DISK_FULL, "4096 bytes free on /data; commits are retried", 4096, Map.of());
        assertThat(StatusCommand.storeLine(full, ZoneOffset.UTC))
                .isEqualTo("Store: 812 committed, 3 duplicates, 5 refused, queued 80/65536;"
                        + " DISK FULL: 4096 bytes free on /data; commits are retried");

        StoreStatus recovered = new StoreStatus("/data/emon.db", 900, 892, 3, 5, 0, 65536, 44, 7, "database is locked",
                1_700_000_000_000L, false, Map.of());
        assertThat(StatusCommand.storeLine(recovered, ZoneOffset.UTC))
                .endsWith("queued 0/65536; last error: database is locked at 2023-11-14 22:13:20");

        assertThat(StatusCommand.storeLine(null, ZoneOffset.UTC)).isEqualTo("Store: not available (pulses are not being stored)");
    }

    @Test
    void printsOneLinePerIntegration() {
        assertThat(StatusCommand.integrationLine(new IntegrationState("mqtt", "tcp://127.0.0.1:1883", true, 1520, null, 0), ZoneOffset.UTC))
                .isEqualTo("MQTT tcp://127.0.0.1:1883: connected, 1520 messages sent");
        assertThat(StatusCommand.integrationLine(new IntegrationState("mqtt", "tcp://127.0.0.1:1883", false, 7,
                "Unable to connect to server (32103)", 1_700_000_000_000L), ZoneOffset.UTC))
                .isEqualTo("MQTT tcp://127.0.0.1:1883: NOT CONNECTED, 7 messages sent;"
                        + " last error: Unable to connect to server (32103) at 2023-11-14 22:13:20");
        assertThat(StatusCommand.integrationLine(new IntegrationState("mqtt", "tcp://127.0.0.1:1883", true, 9, null, 0,
                "emon/meter/21/total stays at 5 until the store's 4.5 reaches it"), ZoneOffset.UTC))
                .isEqualTo("MQTT tcp://127.0.0.1:1883: connected, 9 messages sent;"
                        + " WARNING: emon/meter/21/total stays at 5 until the store's 4.5 reaches it");
    }
}
