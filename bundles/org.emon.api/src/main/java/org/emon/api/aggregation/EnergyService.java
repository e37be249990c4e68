package org.emon.api.aggregation;

import java.time.Instant;
import java.time.ZoneId;
import java.util.NoSuchElementException;

import org.osgi.annotation.versioning.ProviderType;

/** A meter's energy per bucket: the query behind the REST energy endpoints and the console. */
@ProviderType
public interface EnergyService {

    /** The most buckets one query answers; more is refused rather than computed slowly. */
    int MAX_BUCKETS = 10_000;

    /**
     * The energy of meter {@code meterId} in the buckets that cover {@code [from, to)}, as the
     * selected strategy cuts them (the first may start before {@code from}, the last end after
     * {@code to}). A bucket's value is in the meter's energy unit (kWh for electricity, m3 for gas
     * and water): its pulses / the meter's impulses per unit.
     *
     * @param resolution a strategy name ({@code minute}, {@code quarter-hour}, {@code hour},
     *                   {@code day}, {@code week}, {@code month}, {@code year}, or any registered
     *                   {@link AggregationStrategy}) or a positive number of seconds (a fixed
     *                   interval aligned to the epoch)
     * @param zone       the time zone calendar buckets are cut in
     * @throws NoSuchElementException   if no meter {@code meterId} is configured
     * @throws IllegalArgumentException with a message naming the parameter, for an unknown
     *                                  resolution, {@code from >= to}, or more than
     *                                  {@link #MAX_BUCKETS} buckets
     */
    EnergySeries energy(int meterId, Instant from, Instant to, String resolution, ZoneId zone);
}
