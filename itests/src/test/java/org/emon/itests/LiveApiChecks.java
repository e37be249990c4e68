package org.emon.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** What every answer of the live suite must satisfy, and the pieces of the API the tests share. */
final class LiveApiChecks {

    /** Meter 21: the simulated meter of the distribution, 1000 impulses per kWh (1 pulse = 1 Wh). */
    static final int METER = 21;

    private LiveApiChecks() {
    }

    /** A request (made afresh for each use: a request is a builder) and what it is, for messages. */
    record Call(String what, java.util.function.Supplier<LiveApiHttp.Request> make) {
        LiveApiHttp.Request request() {
            return make.get();
        }
    }

    /**
     * Every resource that needs a token, one request each (bodies well-formed, so that only the
     * token decides). The ingest batch lies in 2001, a year no test reads.
     */
    static List<Call> protectedCalls() {
        List<Call> calls = new ArrayList<>(List.of(
                new Call("GET /api/ipu", () -> LiveApiHttp.request("GET", "/api/ipu")),
                new Call("GET /apiv2/ipu", () -> LiveApiHttp.request("GET", "/apiv2/ipu")),
                new Call("GET /api/v1/status", () -> LiveApiHttp.request("GET", "/api/v1/status")),
                new Call("GET energy", () -> LiveApiHttp.request("GET", "/api/v1/meters/21/energy?resolution=hour")),
                new Call("PUT /apiv2/e-energy", () -> LiveApiHttp.request("PUT", "/apiv2/e-energy").json("{\"mid\":21,\"nrDaysBack\":0}")),
                new Call("PUT /apiv2/e-power", () -> LiveApiHttp.request("PUT", "/apiv2/e-power").json("{\"mid\":21,\"nrDaysBack\":0}")),
                new Call("POST pulses", () -> LiveApiHttp.request("POST", "/api/v1/meters/21/pulses").json("{\"timestamps\":[978307200000]}"))));
        calls.add(new Call("GET /api/v1/meters", () -> LiveApiHttp.request("GET", "/api/v1/meters")));
        calls.add(new Call("GET /api/v1/meters/21", () -> LiveApiHttp.request("GET", "/api/v1/meters/21")));
        calls.add(new Call("DELETE /api/v1/meters/9999", () -> LiveApiHttp.request("DELETE", "/api/v1/meters/9999")));
        calls.add(new Call("GET raw pulses", () -> LiveApiHttp.request("GET", "/api/v1/meters/21/pulses?limit=10")));
        calls.add(new Call("GET /api/v1/users", () -> LiveApiHttp.request("GET", "/api/v1/users")));
        calls.add(new Call("GET /api/v1/tokens", () -> LiveApiHttp.request("GET", "/api/v1/tokens")));
        calls.add(new Call("GET /metrics", () -> LiveApiHttp.request("GET", "/metrics")));
        return calls;
    }

    /** Never a 5xx for anything a client sends. */
    static void noServerError(LiveApiHttp.Response r, String request) {
        assertThat(r.status()).as("%s answered %s", request, r).isLessThan(500);
    }

    /** Refused with the original's 401 JSON and a Bearer challenge. */
    static void unauthorized(LiveApiHttp.Response r, String request) {
        assertThat(r.status()).as("%s answered %s", request, r).isEqualTo(401);
        JsonNode body = r.json();
        assertThat(body.path("status").asInt()).as("%s: body status", request).isEqualTo(401);
        assertThat(body.path("message").isTextual()).as("%s: body message in %s", request, r).isTrue();
        assertThat(r.header("WWW-Authenticate")).as("%s: WWW-Authenticate", request).startsWith("Bearer");
    }

    /** Nothing served: no 2xx (a 3xx would hand the client elsewhere, also not served), and no 5xx. */
    static void notServed(LiveApiHttp.Response r, String request) {
        noServerError(r, request);
        assertThat(r.status() / 100).as("%s without a valid token answered %s", request, r).isNotEqualTo(2);
    }

    /** Ingests pulses for meter 21 as a remote source would; all must be committed (new or duplicates). */
    static void ingest(LiveApiServer emon, List<Instant> pulses) {
        StringBuilder body = new StringBuilder("{\"timestamps\":[");
        for (int i = 0; i < pulses.size(); i++) {
            body.append(i == 0 ? "" : ",").append(pulses.get(i).toEpochMilli());
        }
        body.append("]}");
        LiveApiHttp.Response r = LiveApiHttp.request("POST", "/api/v1/meters/" + METER + "/pulses").token(emon.adminToken())
                .json(body.toString()).send(emon);
        assertThat(r.status()).as("ingest: %s", r).isEqualTo(200);
        assertThat(r.json().path("accepted").asInt() + r.json().path("duplicates").asInt()).isEqualTo(pulses.size());
    }
}
