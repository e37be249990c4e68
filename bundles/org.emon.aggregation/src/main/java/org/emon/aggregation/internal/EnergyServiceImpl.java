package org.emon.aggregation.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.emon.api.MeterReading;
import org.emon.api.MeterRegistry;
import org.emon.api.aggregation.AggregationStrategy;
import org.emon.api.aggregation.Bucket;
import org.emon.api.aggregation.EnergyBucket;
import org.emon.api.aggregation.EnergySeries;
import org.emon.api.aggregation.EnergyService;
import org.emon.api.store.PulseQueries;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Energy per bucket, counted from the stored pulses with one {@link PulseQueries#countsBefore} call
 * per query: the pulses before every bucket boundary (and before the meter reading's moment), whose
 * differences are the buckets' counts. The store answers it from its rollups, so a query costs in
 * proportion to its buckets (at most {@link #MAX_BUCKETS}), not to the pulses in its range.
 */
@Component
public final class EnergyServiceImpl implements EnergyService {

    /** A fixed interval longer than this (about 100 years) is no useful resolution. */
    static final long MAX_INTERVAL_SECONDS = 100L * 366 * 24 * 3600;
    /**
     * Buckets are asked of a strategy this many at a time (estimated from the first bucket's
     * length), so "minute for 100 years" is refused after ~10,000 buckets, not after allocating
     * 50 million of them.
     */
    static final int CHUNK_BUCKETS = 1024;

    private final MeterRegistry meters;
    private final PulseQueries store;
    /** Strategies as they come and go; few, so looked up by name with a scan. First bound wins. */
    private final List<AggregationStrategy> strategies = new CopyOnWriteArrayList<>();

    @Activate
    public EnergyServiceImpl(@Reference MeterRegistry meters, @Reference PulseQueries store) {
        this.meters = meters;
        this.store = store;
    }

    /** Public, like the constructor, for use outside OSGi (the energy benchmark). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addStrategy(AggregationStrategy strategy) {
        strategies.add(strategy);
    }

    public void removeStrategy(AggregationStrategy strategy) {
        strategies.remove(strategy);
    }

    @Override
    public EnergySeries energy(int meterId, Instant from, Instant to, String resolution, ZoneId zone) {
        Meter meter = meters.meter(meterId).orElseThrow(() -> new NoSuchElementException("no meter " + meterId + " is configured"));
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        AggregationStrategy strategy = strategy(resolution);
        List<Bucket> buckets = buckets(strategy, from, to, zone);
        Optional<MeterReading> reading = meter.reading();
        long[] instants = instants(buckets, reading);
        long[] before = store.countsBefore(meterId, instants);

        double perUnit = meter.impulsesPerUnit();
        Double kwhPerUnit = kwhPerUnit(meter);
        long atReading = reading.isPresent() ? before[Arrays.binarySearch(instants, reading.get().at().toEpochMilli())] : 0;
        List<EnergyBucket> values = new ArrayList<>(buckets.size());
        int at = 0; // bucket i starts at instants[at] and ends at the next instant that is not the reading's
        for (Bucket bucket : buckets) {
            long start = bucket.start().toEpochMilli();
            while (instants[at] != start) {
                at++; // steps over the reading's moment
            }
            int end = at + 1;
            while (instants[end] != bucket.end().toEpochMilli()) {
                end++;
            }
            long startCount = before[at];
            long endCount = before[end];
            long pulses = endCount - startCount;
            double value = pulses / perUnit;
            Double kwh = kwhPerUnit == null ? null : value * kwhPerUnit;
            // The display at the bucket's end: the reading plus the pulses since its moment (minus
            // those until it, for a bucket that ends before the reading was taken).
            Double display = reading.isPresent() ? reading.get().value() + (endCount - atReading) / perUnit : null;
            values.add(new EnergyBucket(bucket.start(), bucket.end(), pulses, value, kwh, display, bucket.label()));
        }
        return new EnergySeries(meterId, meter.kind().energyUnit(), strategy.name(), zone, values);
    }

    /**
     * Every bucket boundary once, ascending (n + 1 instants for n contiguous buckets), and the
     * reading's moment: all that one {@code countsBefore} call needs.
     *
     * @param buckets in time order without gaps or overlaps, as {@link #buckets} checks them
     */
    static long[] instants(List<Bucket> buckets, Optional<MeterReading> reading) {
        long[] instants = new long[buckets.size() + 2];
        int n = 0;
        for (Bucket bucket : buckets) {
            instants[n++] = bucket.start().toEpochMilli();
        }
        instants[n++] = buckets.get(buckets.size() - 1).end().toEpochMilli();
        if (reading.isPresent()) {
            long at = reading.get().at().toEpochMilli();
            int found = Arrays.binarySearch(instants, 0, n, at);
            if (found >= 0) {
                return Arrays.copyOf(instants, n); // already a boundary
            }
            int position = -found - 1;
            System.arraycopy(instants, position, instants, position + 1, n - position);
            instants[position] = at;
            n++;
        }
        return Arrays.copyOf(instants, n);
    }

    /** kWh per unit of the meter's energy: 1 for electricity, the calorific value for gas; {@code null} if unknown. */
    static Double kwhPerUnit(Meter meter) {
        if (meter.kind() == MeterKind.ELECTRICITY) {
            return 1.0;
        }
        double calorific = meter.calorificValue();
        return meter.kind() == MeterKind.GAS && calorific > 0 && Double.isFinite(calorific) ? calorific : null;
    }

    /** A registered strategy by name, else a fixed interval for a number of seconds. */
    AggregationStrategy strategy(String resolution) {
        for (AggregationStrategy strategy : strategies) {
            if (strategy.name().equals(resolution)) {
                return strategy;
            }
        }
        if (resolution != null && resolution.matches("[0-9]{1,12}")) {
            long seconds = Long.parseLong(resolution);
            if (seconds > 0 && seconds <= MAX_INTERVAL_SECONDS) {
                return new FixedIntervalStrategy(seconds);
            }
        }
        TreeSet<String> names = new TreeSet<>();
        strategies.forEach(s -> names.add(s.name()));
        throw new IllegalArgumentException("unknown resolution '" + resolution + "': expected one of " + names
                + " or a number of seconds from 1 to " + MAX_INTERVAL_SECONDS);
    }

    /**
     * The strategy's buckets of {@code [from, to)}, asked for in chunks that each end on a bucket
     * boundary, so the result is the same as one call, and refused once over {@link #MAX_BUCKETS}.
     */
    private static List<Bucket> buckets(AggregationStrategy strategy, Instant from, Instant to, ZoneId zone) {
        List<Bucket> first = strategy.buckets(from, from.plusMillis(1), zone);
        if (first.isEmpty()) {
            throw new IllegalStateException("strategy " + strategy.name() + " returned no bucket for " + from);
        }
        Duration chunk = Duration.between(first.get(0).start(), first.get(0).end()).multipliedBy(CHUNK_BUCKETS);
        List<Bucket> all = new ArrayList<>();
        Instant cursor = from;
        do {
            Instant chunkEnd = cursor.plus(chunk).isBefore(to) ? cursor.plus(chunk) : to;
            for (Bucket bucket : strategy.buckets(cursor, chunkEnd, zone)) {
                Instant last = all.isEmpty() ? null : all.get(all.size() - 1).end();
                // a later chunk starts with the bucket that starts at the cursor (the last one's end)
                if (last == null || bucket.start().equals(last)) {
                    all.add(bucket);
                } else if (bucket.end().isAfter(last)) {
                    throw new IllegalStateException("strategy " + strategy.name() + " returned a gap or overlap at " + bucket);
                }
            }
            if (all.size() > MAX_BUCKETS) {
                throw new IllegalArgumentException("resolution '" + strategy.name() + "' cuts from " + from + " to " + to
                        + " into more than " + MAX_BUCKETS + " buckets: choose a coarser resolution or a shorter range");
            }
            Instant next = all.isEmpty() ? cursor : all.get(all.size() - 1).end();
            if (!next.isAfter(cursor)) {
                throw new IllegalStateException("strategy " + strategy.name() + " does not advance at " + cursor);
            }
            cursor = next;
        } while (cursor.isBefore(to));
        return all;
    }
}
