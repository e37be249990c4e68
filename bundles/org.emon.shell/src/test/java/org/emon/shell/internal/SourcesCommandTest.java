package org.emon.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;

import org.emon.api.MeterStatus.SourceInfo;
import org.emon.api.SourceStatus;
import org.junit.jupiter.api.Test;

class SourcesCommandTest {

    private static String print(List<SourceInfo> sources) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SourcesCommand.print(sources, ZoneOffset.UTC, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listsEverySourceByMeterWithItsStateAndCounts() {
        String out = print(List.of(
                new SourceInfo(99, "simulator", new SourceStatus(SourceStatus.State.WAITING, "meter 99 is not configured", 0, 0)),
                new SourceInfo(21, "gpio BCM 4", new SourceStatus(SourceStatus.State.FAILED, "no GPIO on this machine", 0, 0)),
                new SourceInfo(21, "simulator", new SourceStatus(SourceStatus.State.RUNNING, "", 42, 1_700_000_000_000L))));

        assertThat(out).containsPattern("gpio BCM 4 +\\| +21 \\| FAILED +\\| no GPIO on this machine");
        assertThat(out).containsPattern("simulator +\\| +21 \\| RUNNING +\\| +\\| +42 \\| 2023-11-14 22:13:20");
        assertThat(out).containsPattern("simulator +\\| +99 \\| WAITING +\\| meter 99 is not configured");
        // ordered by meter, then name
        assertThat(out.indexOf("gpio BCM 4")).isLessThan(out.indexOf("RUNNING"));
        assertThat(out.indexOf("RUNNING")).isLessThan(out.indexOf("WAITING"));
    }

    @Test
    void saysSoWhenThereIsNoSource() {
        assertThat(print(List.of())).contains("No pulse source is running");
    }
}
