package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.emon.api.store.StoreState;
import org.emon.api.store.StoreStatus;
import org.emon.rest.internal.Fakes.Registry;
import org.emon.rest.internal.Fakes.Store;
import org.emon.rest.internal.Fakes.TestMeter;
import org.emon.rest.internal.TestApp.Answer;
import org.junit.jupiter.api.Test;

/**
 * The application as a whole: which prefix serves what, and Jersey's own refusals (unknown path,
 * method, Accept, Content-Type, unconvertible parameters, malformed JSON) answered 4xx in the
 * API's JSON shape.
 */
class ApiBehaviourTest {

    /** A resource with typed parameters and a JSON body, as another bundle might contribute. */
    @Path("v1/typed")
    public static class Typed {
        @GET
        @Path("{n}")
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Integer> get(@PathParam("n") int n, @QueryParam("q") int q) {
            return Map.of("n", n, "q", q);
        }

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Object> post(Map<String, Object> body) {
            return body;
        }
    }

    private final TestMeter main = new TestMeter(21, "Main E-meter");
    private final Store store = new Store();
    private final TestApp app = new TestApp(new ApiRootResource(),
            new IpuResource(new Registry(main), Fakes.power(1_735_810_000_000L), store.service()),
            new StatusResource("1.2.3", Fakes.status(main), store.service()), new OpenApiResource(), new Typed());

    @Test
    void theOriginalsPathsAnswerUnderBothPrefixesAndV1OnlyUnderApi() {
        Answer api = app.get("/api/ipu", TestApp.VIEWER);
        Answer legacy = app.get("/apiv2/ipu", TestApp.VIEWER);
        assertThat(api.status()).isEqualTo(200);
        assertThat(legacy.body()).isEqualTo(api.body());
        assertThat(api.body()).isEqualTo("[{\"meterid\":21,\"created\":\"2023-11-14 22:13:20\",\"updated\":\"2025-01-02 09:26:40\","
                + "\"description\":\"Main E-meter\",\"location\":\"Hall\",\"ipu\":1500}]");
        assertThat(app.get("/apiv2/", null).json().get("description").asText()).contains("emon");
        assertThat(app.get("/api/", null).status()).isEqualTo(200);

        assertThat(app.get("/api/v1/status", TestApp.VIEWER).status()).isEqualTo(200);
        for (String path : new String[] { "/apiv2/v1/status", "/apiv2/%76%31/status", "/apiv2//v1/status", "/apiv2/v1;x=1/status",
                "/apiv2/v1/openapi.json", "/apiv2/v1" }) {
            Answer a = app.get(path, TestApp.ADMIN);
            assertThat(a.status()).as(path).isEqualTo(404);
            assertThat(a.json().get("status").asInt()).isEqualTo(404);
        }
    }

    @Test
    void statusShowsVersionStartUptimeMetersAndStoreCounters() {
        var status = app.get("/api/v1/status", TestApp.VIEWER).json();
        assertThat(status.get("version").asText()).isEqualTo("1.2.3");
        assertThat(status.get("started").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
        assertThat(status.get("uptimeSeconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(status.get("meters").get(0).get("sources").get(0).get("name").asText()).isEqualTo("simulator");
        assertThat(status.get("store").get("committed").asLong()).isEqualTo(9);
        assertThat(status.get("store").get("state").asText()).isEqualTo("OK");

        store.status = new StoreStatus("/data/emon.db", 10, 9, 1, 0, 0, 1000, 3, 5, "[SQLITE_FULL] database or disk is full",
                1_700_000_000_000L, true, StoreState.DISK_FULL, "4096 bytes free on /data; commits are retried", 4096, Map.of());
        var full = app.get("/api/v1/status", TestApp.VIEWER).json().get("store");
        assertThat(full.get("state").asText()).isEqualTo("DISK_FULL");
        assertThat(full.get("stateDetail").asText()).isEqualTo("4096 bytes free on /data; commits are retried");
        assertThat(full.get("freeBytes").asLong()).isEqualTo(4096);
        assertThat(full.get("failing").asBoolean()).isTrue();
    }

    @Test
    void withoutATokenOnlyPublicEndpointsAnswer() {
        Answer ipu = app.get("/api/ipu", null);
        assertThat(ipu.status()).isEqualTo(401);
        assertThat(ipu.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(app.get("/api/v1/status", null).status()).isEqualTo(401);
        Answer openapi = app.get("/api/v1/openapi.json", null);
        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.json().get("openapi").asText()).startsWith("3.0");
    }

    /** While bundles still register their resources, a path nobody answers yet may exist in a moment. */
    @Test
    void whileEmonStartsAPathNoResourceAnswersYetIs503WithRetryAfterThen404() {
        AtomicBoolean starting = new AtomicBoolean(true);
        TestApp startingApp = new TestApp(starting::get, new ApiRootResource(), new Typed());
        Answer early = startingApp.get("/api/ipu", TestApp.VIEWER);
        assertJson(early, 503, JsonExceptionMapper.STARTING);
        assertThat(early.header("Retry-After")).isEqualTo("1");
        assertThat(startingApp.get("/apiv2/ipu", null).status()).isEqualTo(503);
        assertThat(startingApp.get("/api/v1/typed/1?q=2", TestApp.VIEWER).status()).as("what is there answers").isEqualTo(200);
        assertJson(startingApp.get("/api/v1/typed/abc", TestApp.VIEWER), 404, "not found");
        starting.set(false);
        assertJson(startingApp.get("/api/ipu", TestApp.VIEWER), 404, "not found");
    }

    @Test
    void jerseysOwnRefusalsAre4xxJson() {
        assertJson(app.get("/api/nothing-here", null), 404, "not found");
        assertJson(app.get("/api/v1/typed/abc", TestApp.VIEWER), 404, "not found");
        assertJson(app.get("/api/v1/typed/1?q=x", TestApp.VIEWER), 400, "query parameter 'q' cannot be read");
        Answer method = app.call("DELETE", "/api/ipu", null, "X-Access-Token", TestApp.ADMIN);
        assertJson(method, 405, "allowed: GET");
        assertThat(method.header("Allow")).contains("GET");
        assertJson(app.call("PATCH", "/apiv2/ipu", "{}", "Content-Type", "application/json"), 405, "method not allowed");
        assertJson(app.get("/api/ipu", TestApp.VIEWER, "Accept", "text/html"), 406, "Accept");
        assertJson(app.call("POST", "/api/v1/typed", "{\"a\":", "X-Access-Token", TestApp.VIEWER, "Content-Type", "application/json"), 400,
                "malformed JSON");
        assertJson(app.call("POST", "/api/v1/typed", "[1]", "X-Access-Token", TestApp.VIEWER, "Content-Type", "application/json"), 400,
                "malformed JSON");
        assertJson(app.call("POST", "/api/v1/typed", "a=b", "X-Access-Token", TestApp.VIEWER, "Content-Type", "text/plain"), 415,
                "Content-Type");
    }

    @Test
    void malformedHeadersAreNever500() {
        String[][] headers = { { "Accept", "text/csv;q=abc" }, { "Accept", "/" }, { "Accept", ";;;" }, { "Content-Type", "a/b/c" },
                { "Content-Type", ";" }, { "Accept-Language", "\u00ff\u00fe" }, { "Content-Length", "-5" }, { "Accept", "\uffff" },
                { "Accept", "\ud800" }, { "Content-Type", "\uffff" } };
        for (String[] h : headers) {
            for (String path : new String[] { "/api/ipu", "/api/v1/typed" }) {
                Answer get = app.call("GET", path, null, "X-Access-Token", TestApp.VIEWER, h[0], h[1]);
                Answer post = app.call("POST", path, "{}", "X-Access-Token", TestApp.VIEWER, h[0], h[1]);
                for (Answer a : new Answer[] { get, post }) {
                    assertThat(a.status()).as(h[0] + ": " + h[1] + " " + path + " " + a).isLessThan(500);
                    if (a.status() >= 400) {
                        assertThat(a.json().path("status").asInt()).as(h[0] + ": " + h[1] + " " + path + " " + a).isEqualTo(a.status());
                    }
                }
            }
        }
    }

    private static void assertJson(Answer answer, int status, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.type()).startsWith("application/json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
        assertThat(answer.message()).contains(message);
    }
}
