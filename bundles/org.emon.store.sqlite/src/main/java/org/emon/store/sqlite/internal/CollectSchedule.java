package org.emon.store.sqlite.internal;

import java.util.Arrays;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.emon.api.store.CollectResult;
import org.emon.api.store.Collector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the collect of the original's tables on a schedule, as the original's cron did (600, 3600 and
 * 86400 s, every 10 minutes by default). A run only goes through what changed since the last one.
 */
@Component(service = {}, configurationPid = CollectSchedule.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CollectSchedule.Config.class)
public final class CollectSchedule {

    static final String PID = "org.emon.collect";

    private static final Logger LOG = LoggerFactory.getLogger(CollectSchedule.class);

    @ObjectClassDefinition(id = PID, name = "emon collect schedule",
            description = "Keeps the original emon-server's tables emon_<meter>_<interval> up to date.")
    @interface Config {

        @AttributeDefinition(name = "Enabled", description = "Whether the tables are collected on a schedule.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Intervals (s)", description = "Bucket lengths in seconds, separated by commas: each "
                + "from 60 to 31622400, dividing a day or a whole number of days.")
        String intervals() default "600,3600,86400";

        @AttributeDefinition(name = "Period (s)", description = "How often the tables are brought up to date.")
        long period_seconds() default 600;
    }

    private final ScheduledExecutorService executor;

    /** @throws IllegalArgumentException naming the bad key, so the configuration's error shows in the log */
    @Activate
    public CollectSchedule(Config config, @Reference Collector collector) {
        long[] intervals = intervals(config.intervals());
        long period = config.period_seconds();
        if (period < 1) {
            throw new IllegalArgumentException("period.seconds of " + PID + " must be at least 1, not " + period);
        }
        if (!config.enabled()) {
            executor = null;
            LOG.info("Collect of the original's tables is not scheduled ({} enabled = false)", PID);
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "emon-collect");
            thread.setDaemon(true);
            return thread;
        });
        // fixed delay: a long run (a first build) is never overlapped by the next
        executor.scheduleWithFixedDelay(() -> run(collector, intervals), Math.min(period, 60), period, TimeUnit.SECONDS);
        LOG.info("Collecting the original's tables for intervals {} every {} s", Arrays.toString(intervals), period);
    }

    static long[] intervals(String value) {
        String[] parts = value == null ? new String[0] : value.split(",");
        long[] intervals = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            try {
                intervals[i] = Long.parseLong(part);
                Collector.checkInterval(intervals[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("intervals of " + PID + ": '" + part + "' is not a collectable interval ("
                        + e.getMessage() + ")", e);
            }
        }
        if (intervals.length == 0) {
            throw new IllegalArgumentException("intervals of " + PID + " is empty: give e.g. 600,3600,86400");
        }
        return intervals;
    }

    private static void run(Collector collector, long[] intervals) {
        try {
            CollectResult result = collector.collect(intervals, OptionalInt.empty(), false, null);
            LOG.debug("Collected {} tables: {} buckets in {} ms", result.tables().size(), result.buckets(), result.elapsedMillis());
        } catch (RuntimeException e) {
            // the next run goes on from where this one stopped
            if (Thread.currentThread().isInterrupted()) {
                LOG.debug("Scheduled collect stopped: {}", e.getMessage()); // deactivated
            } else {
                LOG.warn("Scheduled collect failed: {}", e.getMessage());
            }
        }
    }

    @Deactivate
    void deactivate() {
        if (executor != null) {
            executor.shutdownNow(); // a run in progress stops between two steps
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
