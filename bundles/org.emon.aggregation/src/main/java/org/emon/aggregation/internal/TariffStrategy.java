package org.emon.aggregation.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.emon.api.aggregation.AggregationStrategy;
import org.emon.api.aggregation.Bucket;

/**
 * Cuts time into the stretches of one tariff, labelled {@code peak} or {@code off-peak} by a local
 * wall-clock schedule, and also at every local midnight, so each bucket lies within one local day and
 * a day's peak and off-peak energy are sums of its buckets. On DST days the schedule follows the
 * wall clock: a boundary inside the skipped spring hour takes effect when that hour ends, one in the
 * repeated autumn hour takes effect twice.
 */
public final class TariffStrategy implements AggregationStrategy {

    private final String name;
    private final TariffStrategySchedule schedule;
    private final String peakLabel;
    private final String offPeakLabel;

    /**
     * @throws IllegalArgumentException naming the parameter, for an empty name or label, equal
     *                                  labels, or a schedule that does not parse
     */
    public TariffStrategy(String name, String peak, String peakLabel, String offPeakLabel) {
        this.name = nonBlank("name", name);
        this.schedule = TariffStrategySchedule.parse(peak);
        this.peakLabel = nonBlank("peak.label", peakLabel);
        this.offPeakLabel = nonBlank("offpeak.label", offPeakLabel);
        if (this.peakLabel.equals(this.offPeakLabel)) {
            throw new IllegalArgumentException("peak.label and offpeak.label must differ, both are '" + this.peakLabel + "'");
        }
    }

    private static String nonBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must not be empty");
        }
        return value.trim();
    }

    @Override
    public String name() {
        return name;
    }

    /** The label of the instant {@code t}: the peak label when the schedule says so at its local time. */
    public String label(Instant t, ZoneId zone) {
        return schedule.isPeak(LocalDateTime.ofInstant(t, zone)) ? peakLabel : offPeakLabel;
    }

    /**
     * The tariff stretches that cover {@code [from, to)}, each cut at local midnight; the first starts
     * at or before {@code from} (at the latest change of tariff or day before it), the last ends at
     * or after {@code to}.
     */
    @Override
    public List<Bucket> buckets(Instant from, Instant to, ZoneId zone) {
        Instant until = to.isAfter(from) ? to : from.plusMillis(1);
        List<Instant> changes = candidates(from, until, zone);
        List<Bucket> buckets = new ArrayList<>();
        Instant start = changes.get(0);
        String label = label(start, zone);
        LocalDate day = LocalDate.ofInstant(start, zone);
        for (Instant c : changes.subList(1, changes.size())) {
            String nextLabel = label(c, zone);
            LocalDate nextDay = LocalDate.ofInstant(c, zone);
            if (!nextLabel.equals(label) || !nextDay.equals(day)) {
                if (c.isAfter(from)) {
                    buckets.add(new Bucket(start, c, label));
                }
                if (!c.isBefore(until)) {
                    break;
                }
                start = c;
                label = nextLabel;
                day = nextDay;
            }
        }
        return buckets;
    }

    /**
     * Every instant at which the label or the local date may change, from the start of
     * {@code from}'s local day to past the end of {@code until}'s: the local midnights, each schedule
     * boundary on each day (twice in a repeated hour, never in a skipped one), and the zone's offset
     * changes, where the wall clock jumps over boundaries. Between two of them neither changes.
     */
    private List<Instant> candidates(Instant from, Instant until, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        LocalDate first = LocalDate.ofInstant(from, zone);
        // the day after until's day ends after until, and its midnight closes the last stretch
        LocalDate last = LocalDate.ofInstant(until, zone).plusDays(1);
        Instant begin = first.atStartOfDay(zone).toInstant();
        Instant end = last.atStartOfDay(zone).toInstant();
        TreeSet<Instant> changes = new TreeSet<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            changes.add(d.atStartOfDay(zone).toInstant());
            for (LocalTime time : schedule.boundaries()) {
                LocalDateTime local = d.atTime(time);
                for (ZoneOffset offset : rules.getValidOffsets(local)) {
                    changes.add(local.toInstant(offset));
                }
            }
        }
        ZoneOffsetTransition transition = rules.nextTransition(begin);
        while (transition != null && transition.getInstant().isBefore(end)) {
            changes.add(transition.getInstant());
            transition = rules.nextTransition(transition.getInstant());
        }
        return new ArrayList<>(changes.subSet(begin, true, end, true));
    }

    @Override
    public String toString() {
        return "tariff '" + name + "': " + peakLabel + " " + schedule + ", otherwise " + offPeakLabel;
    }
}
