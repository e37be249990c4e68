package org.emon.api.store;

import java.util.List;

import org.emon.api.Pulse;
import org.osgi.annotation.versioning.ProviderType;

/** Reads committed pulses: counts, counts before instants (for energy series), pages, per-meter statistics. */
@ProviderType
public interface PulseQueries {

    /** Committed pulses of one meter. */
    MeterStatistics statistics(int meterId);

    /** Committed pulses of a meter with {@code from <= timestamp < to} (milliseconds). */
    long count(int meterId, long fromMillis, long toMillis);

    /**
     * For each instant (milliseconds, ascending), the committed pulses of a meter with a timestamp
     * before it. The difference of two entries is the pulse count between them, so a series of
     * {@code n} buckets needs {@code n + 1} instants. Answered from rollups: the cost grows with
     * the number of instants, not with the number of pulses.
     *
     * @throws IllegalArgumentException if the instants are not in ascending order
     */
    long[] countsBefore(int meterId, long[] instantsMillis);

    /** The most pulses one {@link #pulses} page holds. */
    int MAX_PAGE = 10_000;

    /**
     * A page of a meter's committed pulses with {@code from <= timestamp < to}, oldest first, at
     * most {@code limit} of them. The next page starts at the last one's timestamp + 1.
     *
     * @throws IllegalArgumentException if {@code limit} is not from 1 to {@link #MAX_PAGE}
     */
    List<Pulse> pulses(int meterId, long fromMillis, long toMillis, int limit);
}
