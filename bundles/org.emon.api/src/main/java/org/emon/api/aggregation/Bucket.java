package org.emon.api.aggregation;

import java.time.Instant;
import java.util.Objects;

/**
 * A half-open time interval {@code [start, end)} that pulses are summed over.
 *
 * @param label what the bucket is, for strategies whose buckets are not all alike (a tariff
 *              strategy's {@code peak} and {@code off-peak}); {@code null} for plain time buckets
 */
public record Bucket(Instant start, Instant end, String label) {

    public Bucket {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("bucket end " + end + " is not after its start " + start);
        }
    }

    /** A plain time bucket, without a label. */
    public Bucket(Instant start, Instant end) {
        this(start, end, null);
    }
}
