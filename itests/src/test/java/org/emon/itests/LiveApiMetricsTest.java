package org.emon.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import net.jqwik.api.Example;

/**
 * API tokens and {@code GET /metrics} on the booted distribution: tokens made through
 * {@code /api/v1/tokens} work by scope, are kept only hashed and are refused once revoked;
 * Prometheus' own {@code promtool check metrics} accepts the answer; its counters match the store.
 */
class LiveApiMetricsTest {

    private final LiveApiServer emon = LiveApiServer.get();

    private String create(String name, String scope) {
        LiveApiHttp.Response r = LiveApiHttp.request("POST", "/api/v1/tokens").bearer(emon.adminToken())
                .json("{\"name\":\"" + name + "\",\"scope\":\"" + scope + "\"}").send(emon);
        assertThat(r.status()).as("create %s: %s", name, r).isEqualTo(201);
        assertThat(r.json().path("scope").asText()).isEqualTo(scope);
        return r.json().path("token").asText();
    }

    private LiveApiHttp.Response get(String path, String token) {
        LiveApiHttp.Request request = LiveApiHttp.request("GET", path);
        return (token == null ? request : request.bearer(token)).send(emon);
    }

    @Example
    void metricsNeedAMetricsTokenAndPassPromtool() throws Exception {
        String metrics = create("live-metrics", "metrics");
        String read = create("live-read", "read");
        LiveApiChecks.unauthorized(get("/metrics", null), "GET /metrics without a token");
        assertThat(get("/metrics", read).status()).as("a read token").isEqualTo(403);
        assertThat(get("/api/v1/meters", metrics).status()).as("a metrics token on the API").isEqualTo(403);
        assertThat(get("/api/metrics", metrics).status()).as("metrics are served at /metrics only").isEqualTo(404);
        LiveApiHttp.Response r = get("/metrics", metrics);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain").contains("version=0.0.4");
        assertThat(r.text()).contains("emon_meter_power{meter=\"21\"", "emon_store_commits_total ", "emon_http_requests_total{code=\"403\"}",
                "emon_login_failures_total ", "jvm_memory_used_bytes{area=\"heap\"}", "jvm_gc_collections_total{", "jvm_threads_current ",
                "emon_source_state{meter=\"21\",source=");
        promtoolAccepts(r.text());
        // an admin login reads them too
        assertThat(get("/metrics", emon.adminToken()).status()).isEqualTo(200);
    }

    @Example
    void pulseCountersMatchTheStore() {
        String metrics = create("live-count", "metrics");
        double before = sample(get("/metrics", metrics).text(), "emon_meter_pulses_total{meter=\"21\"}");
        long stored = storedPulses();
        double after = sample(get("/metrics", metrics).text(), "emon_meter_pulses_total{meter=\"21\"}");
        // the simulated meter keeps counting: the store's count lies between the two readings
        assertThat(stored).as("pulses stored, between %s and %s", before, after).isBetween((long) before, (long) after);
        assertThat(before).isPositive();
        double energy = sample(get("/metrics", metrics).text(), "emon_meter_energy_total{meter=\"21\",kind=\"electricity\",unit=\"kWh\"}");
        assertThat(energy).as("1000 impulses per kWh").isBetween(before / 1000, before / 1000 + 1);
    }

    @Example
    void scopedTokensDoWhatTheirScopeSaysAndRevokedOnesNothing() throws Exception {
        String ingest = create("live-ingest", "ingest");
        LiveApiHttp.Response posted = LiveApiHttp.request("POST", "/api/v1/meters/21/pulses").bearer(ingest)
                .json("{\"timestamps\":[978307201000]}").send(emon);
        assertThat(posted.status()).as("ingest with an ingest token: %s", posted).isEqualTo(200);
        assertThat(get("/api/v1/users", ingest).status()).isEqualTo(403);
        assertThat(get("/api/v1/meters/21", ingest).status()).isEqualTo(403);
        assertThat(LiveApiHttp.request("GET", "/api/v1/status").token(ingest).send(emon).status()).as("X-Access-Token").isEqualTo(403);

        String read = create("live-reader", "read");
        assertThat(get("/api/v1/meters/21", read).status()).isEqualTo(200);
        assertThat(LiveApiHttp.request("POST", "/api/v1/meters/21/pulses").bearer(read).json("{\"timestamps\":[978307202000]}")
                .send(emon).status()).isEqualTo(403);

        JsonNode list = get("/api/v1/tokens", emon.adminToken()).json();
        JsonNode mine = null;
        for (JsonNode t : list) {
            mine = t.path("name").asText().equals("live-ingest") ? t : mine;
            assertThat(t.has("token")).as("a listed token shows no secret: %s", t).isFalse();
        }
        assertThat(mine).isNotNull();
        assertThat(mine.path("lastUsed").isTextual()).as("last use noted: %s", mine).isTrue();

        Path file = emon.home.resolve("data/emon/api-tokens");
        String stored = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(stored).doesNotContain(ingest).doesNotContain(ingest.substring("emon_".length()));
        assertThat(stored).contains(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ingest.getBytes(StandardCharsets.US_ASCII))));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        LiveApiHttp.Response revoked = LiveApiHttp.request("DELETE", "/api/v1/tokens/live-ingest").bearer(emon.adminToken()).send(emon);
        assertThat(revoked.status()).isEqualTo(204);
        LiveApiChecks.unauthorized(LiveApiHttp.request("POST", "/api/v1/meters/21/pulses").bearer(ingest)
                .json("{\"timestamps\":[978307203000]}").send(emon), "ingest with a revoked token");
    }

    /** Pulses of meter 21 in the store, counted page by page. */
    private long storedPulses() {
        long count = 0;
        String next = "/api/v1/meters/21/pulses?from=1970-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&limit=10000";
        while (next != null) {
            LiveApiHttp.Response page = get(next, emon.adminToken());
            assertThat(page.status()).as("%s: %s", next, page).isEqualTo(200);
            count += page.json().path("pulses").size();
            String link = page.json().path("next").asText(null);
            next = link == null ? null : link.replaceFirst("^https?://[^/]+", "");
        }
        return count;
    }

    private static double sample(String text, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        assertThat(m.find()).as("%s in\n%s", series, text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** Prometheus' own linter: from -Demon.promtool, else PATH; missing is a failure, not a skip. */
    private static void promtoolAccepts(String exposition) throws IOException, InterruptedException {
        String promtool = System.getProperty("emon.promtool", "");
        if (promtool.isBlank()) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, "promtool"))) {
                    promtool = Path.of(dir, "promtool").toString();
                    break;
                }
            }
        }
        assertThat(promtool).as("promtool (Debian package prometheus; .ci/run installs it) on PATH or -Demon.promtool").isNotBlank();
        Process p = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool check metrics said:\n%s", out).isZero();
    }
}
