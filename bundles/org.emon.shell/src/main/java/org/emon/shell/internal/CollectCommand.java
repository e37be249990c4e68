package org.emon.shell.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.emon.api.store.CollectProgress;
import org.emon.api.store.CollectResult;
import org.emon.api.store.Collector;

/**
 * {@code emon:collect [-i SECONDS] [-m METER] [--rebuild]}: brings the original emon-server's tables
 * {@code emon_<meter>_<interval>} up to date, from where the last collect left off.
 */
@Service
@Command(scope = "emon", name = "collect", description = "Brings the original emon-server's tables emon_<meter>_<interval> "
        + "(id, epoch = bucket start in epoch seconds, ticks, m_id) up to date, incrementally; safe while pulses come in")
public class CollectCommand implements Action {

    @Reference
    Collector collector;

    @Option(name = "-i", aliases = "--interval", multiValued = true, description = "bucket length in seconds (60 to 31622400, "
            + "dividing a day or a whole number of days); repeat or separate with commas; default 600,3600,86400")
    List<String> intervals;

    @Option(name = "-m", aliases = "--meter", description = "only this meter's tables (its id, e.g. 21); default: every meter")
    String meter;

    @Option(name = "--rebuild", description = "build the tables anew from all pulses, swapped in when complete")
    boolean rebuild;

    @Override
    public Object execute() {
        System.out.println(run(collector, intervals, meter, rebuild, System.out, System::nanoTime));
        return null;
    }

    /**
     * Checks the arguments, collects with progress lines on {@code out} when it runs long, and returns
     * the summary.
     *
     * @throws CommandFailure one line naming the bad option, or why the collect failed
     */
    static String run(Collector collector, List<String> intervals, String meter, boolean rebuild, PrintStream out,
            LongSupplier nanoClock) {
        long[] seconds = intervals(intervals);
        OptionalInt meterId = meter(meter);
        CollectResult result;
        try {
            result = collector.collect(seconds, meterId, rebuild, new ProgressPrinter(out, nanoClock));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        } catch (IllegalStateException e) {
            throw new CommandFailure("collect failed: " + e.getMessage());
        }
        return summary(result, rebuild);
    }

    /** Whole numbers only: nothing of the text ever reaches SQL. */
    static long[] intervals(List<String> values) {
        if (values == null || values.isEmpty()) {
            return Collector.ORIGINAL_INTERVALS.clone();
        }
        List<Long> parsed = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                String v = part.trim();
                if (!v.matches("[0-9]{1,9}")) {
                    throw new CommandFailure("-i: '" + v + "' is not a number of seconds (e.g. 600, 3600, 86400)");
                }
                long interval = Long.parseLong(v);
                try {
                    Collector.checkInterval(interval);
                } catch (IllegalArgumentException e) {
                    throw new CommandFailure("-i: " + e.getMessage());
                }
                parsed.add(interval);
            }
        }
        return parsed.stream().mapToLong(Long::longValue).toArray();
    }

    static OptionalInt meter(String meter) {
        if (meter == null) {
            return OptionalInt.empty();
        }
        String m = meter.trim();
        if (!m.matches("[0-9]{1,9}") || Integer.parseInt(m) == 0) {
            throw new CommandFailure("-m: '" + meter + "' is not a meter id (a positive number such as 21)");
        }
        return OptionalInt.of(Integer.parseInt(m));
    }

    static String summary(CollectResult result, boolean rebuild) {
        int tables = result.tables().size();
        return String.format(Locale.ROOT, "%d %s %s (%s): %d buckets written in %.1f s", tables, tables == 1 ? "table" : "tables",
                rebuild ? "rebuilt" : "up to date", String.join(", ", result.tables()), result.buckets(),
                result.elapsedMillis() / 1000.0);
    }

    /**
     * Progress lines ({@code Collecting emon_21_600:  40%}) once a collect has run a second: then at
     * most one a second, and each table's completion, so a quick collect prints only its summary.
     */
    static final class ProgressPrinter implements CollectProgress {

        private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

        private final PrintStream out;
        private final LongSupplier nanoClock;
        private final long started;
        private long lastLine;

        ProgressPrinter(PrintStream out, LongSupplier nanoClock) {
            this.out = out;
            this.nanoClock = nanoClock;
            this.started = nanoClock.getAsLong();
            this.lastLine = started;
        }

        @Override
        public synchronized void progress(String table, long doneMillis, long totalMillis) {
            long now = nanoClock.getAsLong();
            boolean complete = doneMillis >= totalMillis;
            if (now - started < SECOND || (!complete && now - lastLine < SECOND)) {
                return;
            }
            int percent = complete || totalMillis <= 0 ? 100 : (int) Math.max(0, doneMillis * 100 / totalMillis);
            out.println(String.format(Locale.ROOT, "Collecting %s: %3d%%", table, percent));
            lastLine = now;
        }
    }
}
