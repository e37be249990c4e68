package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

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
