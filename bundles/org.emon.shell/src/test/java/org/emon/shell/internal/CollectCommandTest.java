package org.emon.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.emon.api.store.CollectProgress;
import org.emon.api.store.CollectResult;
import org.emon.api.store.Collector;
import org.junit.jupiter.api.Test;

/** {@code emon:collect} without Karaf: option checks, what it asks of the collector, progress and summary. */
class CollectCommandTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();
    private final List<String> calls = new ArrayList<>();

    /** Records its arguments; reports progress as a long collect would, the clock moving 0.6 s per report. */
    private final Collector collector = (intervals, meter, rebuild, progress) -> {
        calls.add(java.util.Arrays.toString(intervals) + " " + meter + " " + rebuild);
        report(progress, "emon_21_600", 10, 100);
        report(progress, "emon_21_600", 50, 100);
        report(progress, "emon_21_600", 60, 100);
        report(progress, "emon_21_600", 100, 100);
        report(progress, "emon_21_3600", 1, 1);
        return new CollectResult(List.of("emon_21_600", "emon_21_3600"), 1234, 2500);
    };

    private void report(CollectProgress progress, String table, long done, long total) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(600));
        progress.progress(table, done, total);
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void collectsTheOriginalsIntervalsForEveryMeterByDefault() {
        String summary = CollectCommand.run(collector, null, null, false, out, clock::get);

        assertThat(calls).containsExactly("[600, 3600, 86400] OptionalInt.empty false");
        assertThat(summary).isEqualTo("2 tables up to date (emon_21_600, emon_21_3600): 1234 buckets written in 2.5 s");
        // silent for the first second, then at most a line a second, and each completed table
        assertThat(output()).isEqualTo("Collecting emon_21_600:  50%\nCollecting emon_21_600: 100%\nCollecting emon_21_3600: 100%\n");
    }

    @Test
    void passesIntervalsMeterAndRebuild() {
        String summary = CollectCommand.run(collector, List.of("3600", "600, 86400"), " 21 ", true, out, clock::get);
        assertThat(calls).containsExactly("[3600, 600, 86400] OptionalInt[21] true");
        assertThat(summary).startsWith("2 tables rebuilt");
        assertThat(CollectCommand.summary(new CollectResult(List.of("emon_24_60"), 0, 12), false))
                .isEqualTo("1 table up to date (emon_24_60): 0 buckets written in 0.0 s");
    }

    @Test
    void refusesWhatIsNotAWholeNumberOfSecondsBeforeAskingTheCollector() {
        for (String bad : new String[] { "600; DROP TABLE pulse", "600 OR 1=1", "1.5", "-600", "", "abc", "99999999999" }) {
            assertThatThrownBy(() -> CollectCommand.run(collector, List.of(bad), null, false, out, clock::get)).as(bad)
                    .isInstanceOf(CommandFailure.class).hasMessageStartingWith("-i: '");
        }
        // a number the collector cannot align with days: its explanation, named by the option
        assertThatThrownBy(() -> CollectCommand.run(collector, List.of("7000"), null, false, out, clock::get))
                .isInstanceOf(CommandFailure.class).hasMessageStartingWith("-i: interval 7000 s cannot be collected")
                .hasMessageContaining("divide a day");
        assertThatThrownBy(() -> CollectCommand.run(collector, List.of("30"), null, false, out, clock::get))
                .isInstanceOf(CommandFailure.class).hasMessageContaining("from 60");
        for (String bad : new String[] { "0", "-3", "main", "21x" }) {
            assertThatThrownBy(() -> CollectCommand.run(collector, null, bad, false, out, clock::get)).as(bad)
                    .isInstanceOf(CommandFailure.class).hasMessageStartingWith("-m: '" + bad + "'");
        }
        assertThat(calls).isEmpty();
    }

    @Test
    void aFailingCollectIsOneLine() {
        Collector stopping = (intervals, meter, rebuild, progress) -> {
            throw new IllegalStateException("collect stopped: the pulse store is stopping");
        };
        assertThatThrownBy(() -> CollectCommand.run(stopping, null, null, false, out, clock::get))
                .isInstanceOf(CommandFailure.class).hasMessage("collect failed: collect stopped: the pulse store is stopping");
        Collector refusing = (intervals, meter, rebuild, progress) -> {
            throw new IllegalArgumentException("meter 5 cannot be collected");
        };
        assertThatThrownBy(() -> CollectCommand.run(refusing, null, "5", false, out, clock::get))
                .isInstanceOf(CommandFailure.class).hasMessage("meter 5 cannot be collected");
    }
}
