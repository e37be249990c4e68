package org.emon.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ImportProgressPrinterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final ImportProgressPrinter printer = new ImportProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), nanos::get);

    private String[] lines() {
        String out = bytes.toString(StandardCharsets.UTF_8);
        return out.isEmpty() ? new String[0] : out.split("\n");
    }

    @Test
    void printsALineForEachTenthInAFastImport() {
        for (long done = 0; done <= 1000; done++) {
            printer.progress(done, 1000);
        }
        assertThat(lines()).containsExactly(
                "Importing:  10% (100 of 1000 rows)", "Importing:  20% (200 of 1000 rows)", "Importing:  30% (300 of 1000 rows)",
                "Importing:  40% (400 of 1000 rows)", "Importing:  50% (500 of 1000 rows)", "Importing:  60% (600 of 1000 rows)",
                "Importing:  70% (700 of 1000 rows)", "Importing:  80% (800 of 1000 rows)", "Importing:  90% (900 of 1000 rows)",
                "Importing: 100% (1000 of 1000 rows)");
    }

    @Test
    void printsAtMostEverySecondBetweenTenthsOfASlowImport() {
        printer.progress(1, 1000); // 0 %: nothing yet
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        printer.progress(20, 1000); // 2 %, not yet a second
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        printer.progress(30, 1000); // 3 %, a second later
        printer.progress(40, 1000); // 4 %, at once after: no
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
        printer.progress(40, 1000); // 4 % not shown yet, and a second later
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
        printer.progress(41, 1000); // still 4 %: no line even after a while
        printer.progress(105, 1000); // crossed 10 %: at once
        assertThat(lines()).containsExactly("Importing:   3% (30 of 1000 rows)", "Importing:   4% (40 of 1000 rows)",
                "Importing:  10% (105 of 1000 rows)");
    }

    @Test
    void aLargeStepPrintsOnceAndAnEmptySourceIsComplete() {
        printer.progress(999, 1000);
        printer.progress(1000, 1000);
        assertThat(lines()).containsExactly("Importing:  99% (999 of 1000 rows)", "Importing: 100% (1000 of 1000 rows)");
        assertThat(ImportProgressPrinter.percent(0, 0)).isEqualTo(100);
        assertThat(ImportProgressPrinter.percent(5, 3)).isEqualTo(100);
        assertThat(ImportProgressPrinter.percent(1, 3_000_000_000L)).isZero();
    }
}
