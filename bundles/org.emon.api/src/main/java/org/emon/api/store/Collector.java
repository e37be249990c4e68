package org.emon.api.store;

import java.util.OptionalInt;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Keeps the original emon-server's tables {@code emon_<meter>_<interval>} (columns {@code id, epoch,
 * ticks, m_id}, one row per bucket with pulses) up to date, incrementally, for the SQL tools and
 * scripts written for the original. Unlike the original's collector, {@code epoch} is the bucket's
 * start (epoch seconds, aligned to the epoch), and a table is never missing or half filled while it
 * is brought up to date.
 */
@ProviderType
public interface Collector {

    /** The intervals the original's cron collected: 10 minutes, an hour, a day. */
    long[] ORIGINAL_INTERVALS = { 600, 3600, 86400 };

    /** The shortest interval; shorter would make a row of nearly every pulse. */
    long MIN_INTERVAL_SECONDS = 60;

    /** The longest interval: a leap year. */
    long MAX_INTERVAL_SECONDS = 366L * 86400;

    /**
     * Brings the tables of the given intervals up to date for one meter or every meter, from where the
     * last collect left off (pulses stored since, also late ones, are taken into account); with
     * {@code rebuild}, builds each table anew from all pulses and swaps it in at once. Pulses keep
     * being stored meanwhile: the work is done in short transactions between the store's commits.
     *
     * @param intervals bucket lengths in seconds: each from {@link #MIN_INTERVAL_SECONDS} to
     *                  {@link #MAX_INTERVAL_SECONDS}, and either dividing a day (86400) evenly or a
     *                  whole number of days, so that buckets align with UTC days
     * @param meterId   the meter, or empty for every meter the store knows
     * @param progress  told how far each table has come; may be {@code null}
     * @throws IllegalArgumentException naming the bad interval or meter
     * @throws IllegalStateException    if the store is stopping or the database failed
     */
    CollectResult collect(long[] intervals, OptionalInt meterId, boolean rebuild, CollectProgress progress);

    /**
     * Checks an interval for {@link #collect}.
     *
     * @throws IllegalArgumentException explaining what is allowed
     */
    static void checkInterval(long seconds) {
        boolean aligned = seconds > 0 && (86400 % seconds == 0 || seconds % 86400 == 0);
        if (seconds < MIN_INTERVAL_SECONDS || seconds > MAX_INTERVAL_SECONDS || !aligned) {
            throw new IllegalArgumentException("interval " + seconds + " s cannot be collected: it must be from "
                    + MIN_INTERVAL_SECONDS + " to " + MAX_INTERVAL_SECONDS
                    + " seconds and divide a day (86400 s) evenly or be a whole number of days, e.g. 60, 600, 900, 3600, 86400");
        }
    }
}
