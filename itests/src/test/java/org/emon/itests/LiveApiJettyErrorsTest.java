package org.emon.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import net.jqwik.api.Example;

/**
 * Errors that Jetty answers before any servlet (an oversized header, a malformed URI) and answers
 * outside /api and /apiv2 are the API's JSON, {@code {"status":...,"message":"..."}}, not Jetty's
 * HTML; {@code GET /} points to the API; and a flood of refused requests adds a line or two to
 * karaf.log, not one per request.
 */
class LiveApiJettyErrorsTest {

    private final LiveApiServer emon = LiveApiServer.get();

    /** The API's error shape: JSON whose status is the HTTP status, and a message. */
    static JsonNode jsonError(LiveApiHttp.Response r, int status, String request) {
        assertThat(r.status()).as("%s answered %s", request, r).isEqualTo(status);
        assertThat(r.header("Content-Type")).as("%s: Content-Type", request).startsWith("application/json");
        JsonNode body = r.json();
        assertThat(body.path("status").asInt()).as("%s: body status in %s", request, r).isEqualTo(status);
        assertThat(body.path("message").asText()).as("%s: body message in %s", request, r).isNotBlank();
        return body;
    }

    private static String oversized(int bytes) {
        return "x".repeat(bytes);
    }

    @Example
    void anOversizedHeaderIsA431InJson() {
        for (String path : List.of("/api/ipu", "/", "/apiv2/ipu")) {
            LiveApiHttp.Response r = LiveApiHttp.request("GET", path).header("X-Big", oversized(64 * 1024)).send(emon);
            JsonNode body = jsonError(r, 431, "GET " + path + " with a 64 KB header");
            assertThat(body.path("message").asText()).contains("header too large");
        }
    }

    @Example
    void malformedUrisAre400sInJson() {
        for (String target : List.of("/%", "/api/%zz", "/api/%", "/api/%2", "/apiv2/%zz", "/api/v1/meters/%e0%", "/api/a%00b",
                "/api/..%2f..%2fetc", "/x/%2e%2e/%2e%2e/etc", "/api/%%30")) {
            for (String method : List.of("GET", "POST")) {
                LiveApiHttp.Request request = LiveApiHttp.request(method, target);
                if (method.equals("POST")) {
                    request.json("{}");
                }
                JsonNode body = jsonError(request.send(emon), 400, method + " " + target);
                assertThat(body.path("message").asText()).as(target).startsWith("malformed URI: ");
            }
        }
        // an illegal character in the request line: Jetty's reason, as JSON
        jsonError(LiveApiHttp.request("GET", "/api/\u0001").send(emon), 400, "GET with a control character");
    }

    @Example
    void pathsOutsideTheApiAre404sInJsonThatSayWhereTheApiIs() {
        for (String path : List.of("/favicon.ico", "/index.html", "/api2", "/apix/ipu", "/x/y?z=1", "//api/ipu")) {
            for (String method : List.of("GET", "POST", "DELETE", "HEAD")) {
                LiveApiHttp.Request request = LiveApiHttp.request(method, path);
                if (method.equals("POST")) {
                    request.json("{}");
                }
                LiveApiHttp.Response r = request.send(emon);
                if (method.equals("HEAD")) {
                    assertThat(r.status()).as("HEAD %s", path).isEqualTo(404);
                    assertThat(r.header("Content-Type")).as("HEAD %s", path).startsWith("application/json");
                    continue;
                }
                JsonNode body = jsonError(r, 404, method + " " + path);
                assertThat(body.path("message").asText()).startsWith("not found: ").contains("/api/v1");
            }
        }
    }

    @Example
    void otherMethodsThanGetOnTheRootAre405sInJson() {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            LiveApiHttp.Response r = LiveApiHttp.request(method, "/").json("{}").send(emon);
            JsonNode body = jsonError(r, 405, method + " /");
            assertThat(body.path("message").asText()).startsWith("method not allowed");
            assertThat(r.header("Allow")).as("%s /: Allow", method).contains("GET");
        }
    }

    @Example
    void getRootPointsToTheApiAndThePointersAreTrue() {
        LiveApiHttp.Response r = LiveApiHttp.request("GET", "/").send(emon);
        assertThat(r.status()).as("GET / answered %s", r).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode root = r.json();
        assertThat(root.path("name").asText()).isEqualTo("emon");
        assertThat(root.path("api").asText()).isEqualTo("/api/v1");
        LiveApiHttp.Response openapi = LiveApiHttp.request("GET", root.path("openapi").asText()).send(emon);
        assertThat(openapi.status()).as("the OpenAPI document it names: %s", openapi).isEqualTo(200);
        assertThat(openapi.json().path("openapi").asText()).startsWith("3.");
        LiveApiHttp.Response login = LiveApiHttp.request("POST", root.path("login").asText())
                .json(LiveApiServer.loginJson(LiveApiServer.ADMIN, emon.password)).send(emon);
        assertThat(login.status()).as("the login it names: %s", login).isEqualTo(200);
        assertThat(LiveApiHttp.request("HEAD", "/").send(emon).status()).isEqualTo(200);
    }

    @Example
    void twoThousandOversizedHeadersAddAtMostAFewLinesToTheLog() throws IOException {
        Path log = emon.home.resolve("data/log/karaf.log");
        long before = mentions(log);
        for (int i = 0; i < 2000; i++) {
            LiveApiHttp.Response r = LiveApiHttp.request("GET", "/api/ipu").header("X-Big", oversized(16 * 1024)).send(emon);
            assertThat(r.status()).as("request %d: %s", i, r).isEqualTo(431);
        }
        // emon logs such refusals at most once a minute (with a count); Jetty's own warning per request is off
        long added = mentions(log) - before;
        assertThat(added).as("karaf.log lines about oversized headers after 2,000 of them").isBetween(0L, 5L);
    }

    /** Lines of karaf.log that are about oversized headers (Jetty's warning or emon's line). */
    private static long mentions(Path log) throws IOException {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("too large") || l.contains("431")).count();
        }
    }
}
