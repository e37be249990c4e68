package org.emon.api.aggregation;

import java.time.ZoneId;
import java.util.List;

/**
 * A meter's energy over a range, bucket by bucket.
 *
 * @param unit       the meter's energy unit: kWh for electricity, m3 for gas and water
 * @param resolution the strategy name the buckets were cut by, e.g. {@code day} or {@code 600}
 * @param zone       the time zone calendar buckets were cut in
 */
public record EnergySeries(int meterId, String unit, String resolution, ZoneId zone, List<EnergyBucket> values) {

    public EnergySeries {
        values = List.copyOf(values);
    }
}
