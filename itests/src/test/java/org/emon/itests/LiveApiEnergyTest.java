package org.emon.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import net.jqwik.api.Example;

/**
 * The energy endpoint on the booted distribution: an answer kept for a range that was asked for
 * before is never served once a late pulse in that range is stored; the pulses of the live
 * simulator, all after the range, do not disturb it.
 */
class LiveApiEnergyTest {

    /** A day nobody else posts to: the shared distribution's other tests use other dates. */
    private static final String DAY = "/api/v1/meters/21/energy?from=2003-07-04T00:00:00Z&to=2003-07-05T00:00:00Z&resolution=hour&tz=UTC";

    private final LiveApiServer emon = LiveApiServer.get();

    private LiveApiHttp.Response get(String accept) {
        LiveApiHttp.Response r = LiveApiHttp.request("GET", DAY).bearer(emon.adminToken()).header("Accept", accept).send(emon);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r;
    }

    private void post(Instant... timestamps) {
        StringBuilder json = new StringBuilder("{\"timestamps\":[");
        for (int i = 0; i < timestamps.length; i++) {
            json.append(i > 0 ? "," : "").append(timestamps[i].toEpochMilli());
        }
        LiveApiHttp.Response r = LiveApiHttp.request("POST", "/api/v1/meters/21/pulses").bearer(emon.adminToken())
                .json(json.append("]}").toString()).send(emon);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    private static long pulsesAt(JsonNode energy, int hour) {
        return energy.get("values").get(hour).get("pulses").asLong();
    }

    @Example
    void aLatePulseChangesTheNextAnswerForARangeAskedForBefore() {
        JsonNode before = get("application/json").json();
        String csvBefore = get("text/csv").text();
        assertThat(get("application/json").json()).as("asked again, nothing changed").isEqualTo(before);
        assertThat(get("text/csv").text()).isEqualTo(csvBefore);

        // new pulses even in a distribution kept from an earlier run (a stored pulse counts once)
        long ms = System.currentTimeMillis() % 60_000;
        post(Instant.parse("2003-07-04T05:30:00Z").plusMillis(ms), Instant.parse("2003-07-04T23:59:00Z").plusMillis(ms));
        JsonNode after = get("application/json").json();
        assertThat(pulsesAt(after, 5)).isEqualTo(pulsesAt(before, 5) + 1);
        assertThat(pulsesAt(after, 23)).isEqualTo(pulsesAt(before, 23) + 1);
        assertThat(pulsesAt(after, 4)).isEqualTo(pulsesAt(before, 4));
        assertThat(get("text/csv").text()).as("the CSV answer too").isNotEqualTo(csvBefore);

        post(Instant.parse("2003-07-05T00:00:00Z")); // at the range's end: not in it
        assertThat(get("application/json").json()).isEqualTo(after);
    }
}
