package org.emon.rest.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;

import org.emon.api.aggregation.EnergyBucket;
import org.emon.api.aggregation.EnergySeries;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes an energy series as the endpoint answers it, straight from the buckets: without an object
 * per bucket, and each bucket boundary formatted once (a bucket's end is the next one's start).
 * JSON: {@code {"meter","unit","resolution","tz","values":[{"start","end","pulses","value"}]}},
 * where a value also has {@code kwh} (a gas meter's energy with its calorific value),
 * {@code reading} (the meter's display at the bucket's end) and {@code label} (e.g. {@code peak})
 * when known.
 */
final class EnergyAnswerWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private EnergyAnswerWriter() {
    }

    static byte[] json(EnergySeries series) {
        ZoneId zone = series.zone();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 120 * series.values().size());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("meter", series.meterId());
            json.writeStringField("unit", series.unit());
            json.writeStringField("resolution", series.resolution());
            json.writeStringField("tz", zone.getId());
            json.writeArrayFieldStart("values");
            Times times = new Times(zone);
            for (EnergyBucket bucket : series.values()) {
                json.writeStartObject();
                json.writeStringField("start", times.format(bucket.start()));
                json.writeStringField("end", times.format(bucket.end()));
                json.writeNumberField("pulses", bucket.pulses());
                json.writeNumberField("value", bucket.value());
                if (bucket.kwh() != null) {
                    json.writeNumberField("kwh", bucket.kwh().doubleValue());
                }
                if (bucket.reading() != null) {
                    json.writeNumberField("reading", bucket.reading().doubleValue());
                }
                if (bucket.label() != null) {
                    json.writeStringField("label", bucket.label());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from memory
        }
        return out.toByteArray();
    }

    /** {@code start,end,pulses,value,kwh,reading,label}, one line per bucket, in UTF-8. */
    static byte[] csv(EnergySeries series) {
        Csv csv = new Csv("start", "end", "pulses", "value", "kwh", "reading", "label");
        Times times = new Times(series.zone());
        for (EnergyBucket b : series.values()) {
            csv.row(times.format(b.start()), times.format(b.end()), b.pulses(), b.value(), b.kwh(), b.reading(), b.label());
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@link Iso#format}, remembering the last instant: contiguous buckets share their boundaries. */
    private static final class Times {

        private final ZoneId zone;
        private Instant last;
        private String lastText;

        Times(ZoneId zone) {
            this.zone = zone;
        }

        String format(Instant instant) {
            if (!instant.equals(last)) {
                last = instant;
                lastText = Iso.format(instant, zone);
            }
            return lastText;
        }
    }
}
