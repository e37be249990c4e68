package org.emon.api.aggregation;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Cuts a time range into buckets: fixed intervals, calendar days in a time zone, tariff periods...
 * Registered as a service; queries select one by {@link #name()}.
 */
@ConsumerType
public interface AggregationStrategy {

    /** Service property holding {@link #name()}. */
    String NAME = "aggregation.name";

    /** The name a query selects this strategy by, e.g. {@code hour} or {@code 600}. */
    String name();

    /**
     * The buckets that cover {@code [from, to)}, in time order, without gaps or overlaps. The first
     * starts at or before {@code from}, the last ends at or after {@code to}.
     *
     * @param zone the time zone calendar boundaries are cut in (ignored by fixed intervals)
     */
    List<Bucket> buckets(Instant from, Instant to, ZoneId zone);
}
