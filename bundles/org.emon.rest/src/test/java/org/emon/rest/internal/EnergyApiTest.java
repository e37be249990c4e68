package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.emon.api.aggregation.EnergyBucket;
import org.emon.api.aggregation.EnergySeries;
import org.emon.api.aggregation.EnergyService;
import org.emon.rest.internal.TestApp.Answer;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/meters/{id}/energy} through the Jersey application: JSON fields, CSV, limits. */
class EnergyApiTest {

    private static final String DAY = "/api/v1/meters/21/energy?from=2025-01-01T00:00:00%2B01:00&to=2025-01-02T00:00:00%2B01:00"
            + "&resolution=day&tz=Europe/Amsterdam";

    private static TestApp app(EnergyService energy) {
        return new TestApp(new EnergyResource(energy, Clock.fixed(Fakes.NOW, Fakes.AMSTERDAM)));
    }

    @Test
    void kwhReadingAndLabelAppearOnlyWhenKnown() {
        Answer plain = app(Fakes.energy(null, null, null)).get(DAY, TestApp.VIEWER);
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.body()).isEqualTo("{\"meter\":21,\"unit\":\"kWh\",\"resolution\":\"day\",\"tz\":\"Europe/Amsterdam\",\"values\":"
                + "[{\"start\":\"2025-01-01T00:00:00+01:00\",\"end\":\"2025-01-02T00:00:00+01:00\",\"pulses\":1234,\"value\":1.234}]}");

        Answer full = app(Fakes.energy(12.06, 54321.5, "peak")).get(DAY, TestApp.VIEWER);
        assertThat(full.json().get("values").get(0).toString()).isEqualTo("{\"start\":\"2025-01-01T00:00:00+01:00\","
                + "\"end\":\"2025-01-02T00:00:00+01:00\",\"pulses\":1234,\"value\":1.234,\"kwh\":12.06,\"reading\":54321.5,\"label\":\"peak\"}");
    }

    @Test
    void aRepeatedQueryIsAnsweredWithoutTheServiceUntilAPulseOfItsMeterChangesIt() {
        AtomicInteger calls = new AtomicInteger();
        EnergyService counting = (meter, from, to, resolution, zone) -> new EnergySeries(meter, "kWh", resolution, zone,
                List.of(new EnergyBucket(from, to, calls.incrementAndGet(), 0.001)));
        EnergyAnswers answers = new EnergyAnswers(new Fakes.Registry(new Fakes.TestMeter(21, "Main")), 1 << 20);
        TestApp app = new TestApp(new EnergyResource(counting, answers, Clock.fixed(Fakes.NOW, Fakes.AMSTERDAM)));

        Answer first = app.get(DAY, TestApp.VIEWER);
        assertThat(first.json().get("values").get(0).get("pulses").asLong()).isEqualTo(1);
        assertThat(app.get(DAY, TestApp.VIEWER).body()).isEqualTo(first.body());
        assertThat(calls).hasValue(1);
        Answer csv = app.get(DAY, TestApp.VIEWER, "Accept", "text/csv");
        assertThat(csv.type()).isEqualTo("text/csv;charset=UTF-8;header=present");
        assertThat(app.get(DAY, TestApp.VIEWER, "Accept", "text/csv").body()).isEqualTo(csv.body());
        assertThat(calls).hasValue(2);

        long endOfDay = Instant.parse("2025-01-01T23:00:00Z").toEpochMilli();
        answers.pulsesStored(21, endOfDay); // after the range: no change
        assertThat(app.get(DAY, TestApp.VIEWER).body()).isEqualTo(first.body());
        answers.pulsesStored(21, endOfDay - 1); // a late pulse in the range
        assertThat(app.get(DAY, TestApp.VIEWER).json().get("values").get(0).get("pulses").asLong()).isEqualTo(3);
        assertThat(calls).hasValue(3);

        // up to now (no to): asked for once only, computed each time
        app.get("/api/v1/meters/21/energy", TestApp.VIEWER);
        app.get("/api/v1/meters/21/energy", TestApp.VIEWER);
        assertThat(calls).hasValue(5);
    }

    @Test
    void csvIsRfc4180WithAHeaderAndEmptyFieldsForUnknownValues() {
        Answer plain = app(Fakes.energy(null, null, null)).get(DAY, TestApp.VIEWER, "Accept", "text/csv");
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.type()).isEqualTo("text/csv;charset=UTF-8;header=present");
        assertThat(plain.body()).isEqualTo("start,end,pulses,value,kwh,reading,label\r\n"
                + "2025-01-01T00:00:00+01:00,2025-01-02T00:00:00+01:00,1234,1.234,,,\r\n");

        Answer quoted = app(Fakes.energy(12.0, null, "peak, \"weekday\"")).get(DAY, TestApp.VIEWER, "Accept", "text/csv");
        assertThat(quoted.body()).endsWith(",1234,1.234,12,,\"peak, \"\"weekday\"\"\"\r\n");
    }

    @Test
    void tooManyBucketsAndBadParametersAre400NamingTheProblem() {
        TestApp app = app(Fakes.energy(null, null, null));
        Answer years = app.get("/api/v1/meters/21/energy?from=0&to=2025-01-01T00:00:00Z&resolution=hour", TestApp.VIEWER);
        assertThat(years.status()).isEqualTo(400);
        assertThat(years.message()).contains("more than " + EnergyService.MAX_BUCKETS + " buckets");
        assertThat(app.get("/api/v1/meters/21/energy?resolution=fortnight", TestApp.VIEWER).message()).contains("fortnight");
        assertThat(app.get("/api/v1/meters/21/energy?from=2025-13-01T00:00:00Z", TestApp.VIEWER).message()).startsWith("from:");
        assertThat(app.get("/api/v1/meters/21/energy?tz=Nowhere", TestApp.VIEWER).message()).startsWith("tz:");
        assertThat(app.get("/api/v1/meters/7/energy", TestApp.VIEWER).status()).isEqualTo(404);
        assertThat(app.get("/api/v1/meters/7/energy", TestApp.VIEWER, "Accept", "text/csv").status()).isEqualTo(404);
        assertThat(app.get(DAY, TestApp.VIEWER, "Accept", "application/xml").status()).isEqualTo(406);
    }
}
