package org.emon.shell.internal;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.emon.api.store.ImportProgress;

/**
 * Prints an import's progress as lines ({@code Importing: 40% (400000 of 1000000 rows)}): a line
 * each time another 10 % is done, or after a second without one, so that a long import shows it is
 * alive without flooding the console (or a script's log) with a line per row.
 */
final class ImportProgressPrinter implements ImportProgress {

    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PrintStream out;
    private final LongSupplier nanoClock;
    private long lastLineNanos; // guarded by this
    private int lastPercent; // guarded by this; 0: nothing printed yet

    ImportProgressPrinter(PrintStream out, LongSupplier nanoClock) {
        this.out = out;
        this.nanoClock = nanoClock;
        this.lastLineNanos = nanoClock.getAsLong();
    }

    /** Synchronized: the store may report from its own thread. */
    @Override
    public synchronized void progress(long done, long total) {
        int percent = percent(done, total);
        long now = nanoClock.getAsLong();
        boolean nextTenth = percent / 10 > lastPercent / 10;
        boolean aSecondLater = now - lastLineNanos >= INTERVAL_NANOS;
        if (percent > lastPercent && (nextTenth || aSecondLater)) {
            out.println(line(done, total, percent));
            lastPercent = percent;
            lastLineNanos = now;
        }
    }

    static int percent(long done, long total) {
        if (total <= 0 || done >= total) {
            return 100;
        }
        return (int) Math.max(0, done * 100 / total);
    }

    static String line(long done, long total, int percent) {
        return String.format(Locale.ROOT, "Importing: %3d%% (%d of %d rows)", percent, done, total);
    }
}
