package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.emon.rest.internal.Fakes.Registry;
import org.emon.rest.internal.Fakes.Store;
import org.emon.rest.internal.Fakes.TestMeter;
import org.emon.rest.internal.TestApp.Answer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code GET /api/v1/meters/{id}/pulses} through the Jersey application: pages, limits, CSV. */
class PulsesPageTest {

    /** 2025-01-01T00:00:00+01:00 */
    private static final long MIDNIGHT = 1_735_686_000_000L;

    private final Store store = new Store();
    private final TestApp app;

    PulsesPageTest() {
        // 25 pulses one second apart from local midnight, and one on the next day
        store.add(21, LongStream.range(0, 25).map(i -> MIDNIGHT + i * 1000).toArray());
        store.add(21, MIDNIGHT + 86_400_000L);
        app = new TestApp(new PulsesResource(new Registry(new TestMeter(21, "Main")), store.service(), store.service(), 1000,
                Clock.fixed(Fakes.NOW, Fakes.AMSTERDAM)));
    }

    @Test
    void followingNextWalksThroughTheRangeOnceInOrder() {
        List<Long> seen = new ArrayList<>();
        String url = "/api/v1/meters/21/pulses?from=2025-01-01T00:00:00%2B01:00&to=" + (MIDNIGHT + 86_400_000L) + "&limit=10";
        int pages = 0;
        while (url != null) {
            Answer page = app.get(url, TestApp.VIEWER);
            assertThat(page.status()).as(url).isEqualTo(200);
            JsonNode json = page.json();
            assertThat(json.get("meter").asInt()).isEqualTo(21);
            assertThat(json.get("to").asText()).isEqualTo("2025-01-02T00:00:00+01:00");
            json.get("pulses").forEach(p -> seen.add(p.asLong()));
            url = json.get("next").isNull() ? null : json.get("next").asText();
            assertThat(page.header("Link")).isEqualTo(url == null ? null : "<" + url + ">; rel=\"next\"");
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(LongStream.range(0, 25).map(i -> MIDNIGHT + i * 1000).boxed().toList());
    }

    @Test
    void theFirstPageNamesTheNextByMillisecondsUnderTheSamePrefix() {
        JsonNode json = app.get("/api/v1/meters/21/pulses?from=" + MIDNIGHT + "&to=" + (MIDNIGHT + 5000) + "&limit=2&tz=UTC",
                TestApp.VIEWER).json();
        assertThat(json.toString()).isEqualTo("{\"meter\":21,\"from\":\"2024-12-31T23:00:00Z\",\"to\":\"2024-12-31T23:00:05Z\","
                + "\"pulses\":[" + MIDNIGHT + "," + (MIDNIGHT + 1000) + "],\"next\":\"/api/v1/meters/21/pulses?from=" + (MIDNIGHT + 1001)
                + "&to=" + (MIDNIGHT + 5000) + "&limit=2&tz=UTC\"}");
    }

    @Test
    void limitIsOneTo10000AndDefaults1000() {
        for (String bad : new String[] { "0", "-1", "abc", "1.5", "10001", "99999999999999" }) {
            Answer a = app.get("/api/v1/meters/21/pulses?limit=" + bad, TestApp.VIEWER);
            assertThat(a.status()).as(bad).isEqualTo(400);
            assertThat(a.message()).as(bad).startsWith("limit:");
        }
        assertThat(app.get("/api/v1/meters/21/pulses?limit=10001", TestApp.VIEWER).message()).contains("at most 10000");
        assertThat(app.get("/api/v1/meters/21/pulses?limit=10000&from=0", TestApp.VIEWER).status()).isEqualTo(200);
        // default range: the start of today (2025-01-02 in Amsterdam) to now: the day-two pulse only
        JsonNode today = app.get("/api/v1/meters/21/pulses", TestApp.VIEWER).json();
        assertThat(today.get("pulses")).hasSize(1);
        assertThat(today.get("from").asText()).isEqualTo("2025-01-02T00:00:00+01:00");
    }

    @Test
    void badTimesZonesAndMetersAreNamed() {
        assertThat(app.get("/api/v1/meters/21/pulses?from=yesterday", TestApp.VIEWER).message()).startsWith("from:");
        assertThat(app.get("/api/v1/meters/21/pulses?to=1%3D1", TestApp.VIEWER).message()).startsWith("to:");
        assertThat(app.get("/api/v1/meters/21/pulses?from=2000&to=1000", TestApp.VIEWER).message()).contains("must be before");
        assertThat(app.get("/api/v1/meters/21/pulses?tz=Mars/Olympus", TestApp.VIEWER).message()).startsWith("tz:");
        assertThat(app.get("/api/v1/meters/22/pulses", TestApp.VIEWER).status()).isEqualTo(404);
        assertThat(app.get("/api/v1/meters/21/pulses", null).status()).isEqualTo(401);
    }

    @Test
    void csvHasAHeaderCrlfLinesAndTheSameNextLink() {
        Answer csv = app.get("/api/v1/meters/21/pulses?from=" + MIDNIGHT + "&to=" + (MIDNIGHT + 5000) + "&limit=2", TestApp.VIEWER,
                "Accept", "text/csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.type()).startsWith("text/csv");
        assertThat(csv.body()).isEqualTo("timestamp,time\r\n" + MIDNIGHT + ",2025-01-01T00:00:00+01:00\r\n" + (MIDNIGHT + 1000)
                + ",2025-01-01T00:00:01+01:00\r\n");
        assertThat(csv.header("Link")).contains("from=" + (MIDNIGHT + 1001));

        // JSON unless CSV is asked for; an Accept nothing meets is a 406 in JSON
        assertThat(app.get("/api/v1/meters/21/pulses", TestApp.VIEWER, "Accept", "*/*").type()).startsWith("application/json");
        assertThat(app.get("/api/v1/meters/21/pulses", TestApp.VIEWER, "Accept", "text/csv, application/json").type())
                .startsWith("application/json");
        Answer html = app.get("/api/v1/meters/21/pulses", TestApp.VIEWER, "Accept", "text/html");
        assertThat(html.status()).isEqualTo(406);
        assertThat(html.json().get("status").asInt()).isEqualTo(406);
        // errors of the CSV variant are JSON too
        assertThat(app.get("/api/v1/meters/21/pulses?limit=0", TestApp.VIEWER, "Accept", "text/csv").type()).startsWith("application/json");
    }
}
