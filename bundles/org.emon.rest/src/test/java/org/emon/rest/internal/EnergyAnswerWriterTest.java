package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.emon.api.aggregation.EnergyBucket;
import org.emon.api.aggregation.EnergySeries;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The energy answer written straight from the buckets is byte for byte what Jackson writes for its records. */
class EnergyAnswerWriterTest {

    /** The answer's shape as records, serialised the ordinary way. */
    record Energy(int meter, String unit, String resolution, String tz, List<Value> values) {
    }

    record Value(String start, String end, long pulses, double value,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double kwh,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double reading,
            @JsonInclude(JsonInclude.Include.NON_NULL) String label) {
    }

    static Energy records(EnergySeries series) {
        ZoneId zone = series.zone();
        List<Value> values = series.values().stream().map(b -> new Value(Iso.format(b.start(), zone), Iso.format(b.end(), zone),
                b.pulses(), b.value(), b.kwh(), b.reading(), b.label())).toList();
        return new Energy(series.meterId(), series.unit(), series.resolution(), zone.getId(), values);
    }

    /** Hourly buckets over a DST change, with odd values, optional fields and labels that need escaping, and a gap. */
    private static EnergySeries series(long seed) {
        Random random = new Random(seed);
        ZoneId zone = ZoneId.of("Europe/Amsterdam");
        Instant t = Instant.parse("2025-03-29T12:00:00Z");
        List<EnergyBucket> buckets = new ArrayList<>();
        String[] labels = { null, "peak", "off-peak", "say \"hi\"\n\u00e9\u20ac", "\u0001" };
        for (int i = 0; i < 48; i++) {
            Instant end = t.plusSeconds(3600 + (i == 20 ? 17 : 0)).plusMillis(i == 30 ? 123 : 0);
            long pulses = random.nextInt(5000);
            double value = pulses / (random.nextBoolean() ? 1000.0 : 3.0);
            Double kwh = random.nextBoolean() ? null : value * 9.77;
            Double reading = random.nextBoolean() ? null : 12345.6 + value * 1e6;
            buckets.add(new EnergyBucket(t, end, pulses, value, kwh, reading, labels[random.nextInt(labels.length)]));
            t = i == 40 ? end.plusSeconds(60) : end;
        }
        return new EnergySeries(21, "m3", "hour", zone, buckets);
    }

    @Test
    void jsonIsWhatJacksonWritesForTheRecords() throws Exception {
        ObjectMapper jackson = new ObjectMapper();
        for (long seed = 0; seed < 20; seed++) {
            EnergySeries series = series(seed);
            assertThat(new String(EnergyAnswerWriter.json(series), StandardCharsets.UTF_8))
                    .isEqualTo(jackson.writeValueAsString(records(series)));
        }
    }

    @Test
    void csvHasAHeaderAndOneLinePerBucket() {
        EnergySeries series = series(1);
        String csv = new String(EnergyAnswerWriter.csv(series), StandardCharsets.UTF_8);
        Energy energy = records(series);
        Csv expected = new Csv("start", "end", "pulses", "value", "kwh", "reading", "label");
        for (Value v : energy.values()) {
            expected.row(v.start(), v.end(), v.pulses(), v.value(), v.kwh(), v.reading(), v.label());
        }
        assertThat(csv).isEqualTo(expected.toString());
    }
}
