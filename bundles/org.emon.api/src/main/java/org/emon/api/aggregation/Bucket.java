package org.emon.api.aggregation;

import java.time.Instant;
import java.util.Objects;

/**
 * A half-open time interval {@code [start, end)} that pulses are summed over.
 */
public record Bucket(Instant start, Instant end) {

    public Bucket {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("bucket end " + end + " is not after its start " + start);
        }
    }
}
