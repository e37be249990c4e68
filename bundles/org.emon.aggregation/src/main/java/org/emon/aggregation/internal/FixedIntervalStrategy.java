package org.emon.aggregation.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.emon.api.aggregation.AggregationStrategy;
import org.emon.api.aggregation.Bucket;

/**
 * Buckets of a fixed number of seconds aligned to the epoch (UTC), as the original's collector cut
 * them (60, 600, 3600, 86400 s). The time zone plays no part.
 */
public final class FixedIntervalStrategy implements AggregationStrategy {

    private final long seconds;

    public FixedIntervalStrategy(long seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("interval must be a positive number of seconds, not " + seconds);
        }
        this.seconds = seconds;
    }

    @Override
    public String name() {
        return Long.toString(seconds);
    }

    @Override
    public List<Bucket> buckets(Instant from, Instant to, ZoneId zone) {
        long step = seconds * 1000;
        long start = Math.floorDiv(from.toEpochMilli(), step) * step;
        List<Bucket> buckets = new ArrayList<>();
        long end = to.toEpochMilli();
        do {
            buckets.add(new Bucket(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + step)));
            start += step;
        } while (start < end);
        return buckets;
    }
}
