package org.emon.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import net.jqwik.api.Example;

/**
 * Issue 6, test 1: the original emon-server's clients, unchanged, against the real distribution.
 * Requests are the bytes those clients send (see ../shared/ORIGINAL.md and pimatic-emon's
 * fetchData/fetchToken), and the answers are read the way they read them.
 */
class LiveApiClientsTest {

    private final LiveApiServer emon = LiveApiServer.get();

    /**
     * pimatic-emon: polls GET /api/ipu with {@code Content-Type: application/json} and its token
     * header, which is the empty string until the first login; on exactly 401 it POSTs
     * {@code {"username","password"}} (Node's http.request with write(): chunked, no length) and
     * keeps {@code .token}; otherwise it parses an array and reads {@code meterid} (loosely equal
     * to its configured id) and {@code ipu} (a number, W).
     */
    @Example
    void pimaticEmonPollsGets401LogsInAndReadsMeteridAndIpu() throws Exception {
        LiveApiHttp.Response first = pimaticPoll("");
        assertThat(first.status()).as("first poll, token \"\": %s", first).isEqualTo(401); // exactly 401 triggers its login
        LiveApiChecks.unauthorized(first, "pimatic's first poll");

        LiveApiHttp.Response login = LiveApiHttp.request("POST", "/api/login").header("Content-Type", "application/json")
                .body(null, LiveApiServer.loginJson(LiveApiServer.ADMIN, emon.password).getBytes(StandardCharsets.UTF_8))
                .chunked().send(emon);
        assertThat(login.status()).as("pimatic's login: %s", login).isEqualTo(200);
        JsonNode answer = login.json();
        assertThat(answer.path("token").isTextual()).as("token in %s", login).isTrue();
        assertThat(answer.path("expires").isNumber()).isTrue();
        String token = answer.get("token").asText();

        // it polls every `interval` ms; the simulated meter pulses about every 1.2 s
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode meter;
        do {
            LiveApiHttp.Response poll = pimaticPoll(token);
            assertThat(poll.status()).as("poll with the token: %s", poll).isEqualTo(200);
            JsonNode array = poll.json();
            assertThat(array.isArray() && array.size() > 0).as("a non-empty array: %s", poll).isTrue();
            assertThat(array.get(0).path("ipu").isNumber()).as("the 0.2 plugin reads [0].ipu: %s", poll).isTrue();
            meter = find(array, node -> node.path("meterid").asText().equals(Integer.toString(LiveApiChecks.METER))); // loose ==
            assertThat(meter).as("meter 21 in %s", poll).isNotNull();
            assertThat(meter.path("ipu").isNumber()).as("ipu a number: %s", meter).isTrue();
            if (meter.get("ipu").asDouble() > 0) {
                break;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        assertThat(meter.get("ipu").asDouble()).as("the simulated meter's power (about 3000 W), in W").isBetween(100.0, 50_000.0);
    }

    /** pimatic keeps its token until a poll answers 401; then it logs in again and carries on. */
    @Example
    void pimaticEmonLogsInAgainWhenItsTokenIsNoLongerValid() {
        String stale = LiveApiTokens.hs256(expired(), LiveApiTokens.key(emon));
        LiveApiHttp.Response poll = pimaticPoll(stale);
        assertThat(poll.status()).as("an expired token: %s", poll).isEqualTo(401);
        LiveApiHttp.Response login = LiveApiHttp.request("POST", "/api/login").header("Content-Type", "application/json")
                .body(null, LiveApiServer.loginJson(LiveApiServer.ADMIN, emon.password).getBytes(StandardCharsets.UTF_8))
                .chunked().send(emon);
        assertThat(pimaticPoll(login.json().get("token").asText()).status()).isEqualTo(200);
    }

    /**
     * The Domoticz bridge: polls GET /apiv2/ipu, logs in again on any non-200 (here with a form,
     * as curl -d or a dzVents postData sends it), needs 200 and an array, and matches meterid with
     * strict equality, so it must be the JSON number 21, not "21".
     */
    @Example
    void domoticzBridgePollsApiv2RelogsOnNon200AndMatchesMeteridStrictly() {
        LiveApiHttp.Response noToken = LiveApiHttp.request("GET", "/apiv2/ipu").header("Accept", "application/json").send(emon);
        assertThat(noToken.status()).isNotEqualTo(200);
        LiveApiChecks.unauthorized(noToken, "GET /apiv2/ipu without a token");

        LiveApiHttp.Response login = LiveApiHttp.request("POST", "/apiv2/login")
                .form("username=" + URLEncoder.encode(LiveApiServer.ADMIN, StandardCharsets.UTF_8)
                        + "&password=" + URLEncoder.encode(emon.password, StandardCharsets.UTF_8))
                .send(emon);
        assertThat(login.status()).as("form login at /apiv2/login: %s", login).isEqualTo(200);
        String token = login.json().get("token").asText();

        LiveApiHttp.Response poll = LiveApiHttp.request("GET", "/apiv2/ipu").header("Accept", "application/json").token(token).send(emon);
        assertThat(poll.status()).isEqualTo(200);
        assertThat(poll.header("Content-Type")).startsWith("application/json");
        JsonNode array = poll.json();
        assertThat(array.isArray()).isTrue();
        JsonNode meter = find(array, node -> node.path("meterid").isInt() && node.get("meterid").intValue() == LiveApiChecks.METER);
        assertThat(meter).as("meterid === 21 (a JSON number) in %s", poll).isNotNull();
        assertThat(meter.path("ipu").isNumber()).isTrue();
        // the original's row, field for field
        List<String> fields = new ArrayList<>();
        meter.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).contains("meterid", "created", "updated", "description", "location", "ipu");

        // the bridge's token goes stale (a restart with a new key, expiry): any non-200 makes it log in again
        LiveApiHttp.Response stale = LiveApiHttp.request("GET", "/apiv2/ipu").token(token + "x").send(emon);
        assertThat(stale.status()).isEqualTo(401);
        LiveApiHttp.Response again = LiveApiHttp.request("POST", "/apiv2/login")
                .json(LiveApiServer.loginJson(LiveApiServer.ADMIN, emon.password)).send(emon);
        assertThat(LiveApiHttp.request("GET", "/apiv2/ipu").token(again.json().get("token").asText()).send(emon).status()).isEqualTo(200);
    }

    /** GET /apiv2/ without a token: the original's description object. */
    @Example
    void theOriginalsApiRootDescribesItselfWithoutAToken() {
        for (String path : List.of("/apiv2/", "/api/")) {
            LiveApiHttp.Response r = LiveApiHttp.request("GET", path).send(emon);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.json().path("description").isTextual()).as("%s: %s", path, r).isTrue();
        }
    }

    /**
     * PUT /apiv2/e-energy and e-power of a day with known pulses: 30 pulses (30 Wh at 1000
     * imp/kWh) within one minute of 05:00-06:00 local time, three days ago.
     */
    @Example
    void eEnergyAndEPowerAnswerTheOriginalsShapeWithTheKnownWhAndWatts() {
        String token = emon.adminToken();
        ZoneId zone = ZoneId.of(LiveApiHttp.request("GET", "/api/v1/meters/21/energy").token(token).send(emon).json().get("tz").asText());
        LocalDate day = LocalDate.now(zone).minusDays(3);
        ZonedDateTime hour = day.atTime(5, 0).atZone(zone);
        Instant minute = hour.plusMinutes(10).toInstant();
        List<Instant> pulses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            pulses.add(minute.plusMillis(1000L * i + 7));
        }
        LiveApiChecks.ingest(emon, pulses);
        Instant dayStart = day.atStartOfDay(zone).toInstant();
        long hours = Duration.between(dayStart, day.plusDays(1).atStartOfDay(zone).toInstant()).toHours(); // 23 or 25 at DST changes

        for (String body : List.of("{\"mid\":21,\"nrDaysBack\":3}", "{\"mid\":\"21\",\"nrDaysBack\":\"3\"}")) {
            LiveApiHttp.Response energy = LiveApiHttp.request("PUT", "/apiv2/e-energy").token(token).json(body).send(emon);
            assertThat(energy.status()).as("e-energy %s: %s", body, energy).isEqualTo(200);
            JsonNode e = energy.json();
            assertThat(e.path("mid").isInt() && e.get("mid").intValue() == 21).as("mid: %s", energy).isTrue();
            assertThat(e.path("unit").asText()).isEqualTo("Wh");
            assertThat(e.path("nrDayBacks").asInt()).as("the original's spelling, nrDayBacks: %s", energy).isEqualTo(3);
            JsonNode values = e.get("values");
            assertThat(values.size()).isEqualTo(hours);
            double total = 0;
            for (int i = 0; i < values.size(); i++) {
                JsonNode v = values.get(i);
                assertThat(v.path("time").asLong()).as("hour %d starts", i).isEqualTo(dayStart.getEpochSecond() + 3600L * i);
                assertThat(v.path("energy").isNumber()).isTrue();
                if (v.get("time").asLong() == hour.toEpochSecond()) {
                    assertThat(v.get("energy").asDouble()).as("Wh in 05:00-06:00").isEqualTo(30.0);
                }
                total += v.get("energy").asDouble();
            }
            assertThat(total).as("Wh of the whole day").isEqualTo(30.0);
        }

        LiveApiHttp.Response power = LiveApiHttp.request("PUT", "/apiv2/e-power").token(token).json("{\"mid\":21,\"nrDaysBack\":3}").send(emon);
        assertThat(power.status()).isEqualTo(200);
        JsonNode p = power.json();
        assertThat(p.path("unit").asText()).isEqualTo("W");
        assertThat(p.get("values").size()).isEqualTo(hours * 60);
        JsonNode busy = find(p.get("values"), v -> v.path("time").asLong() == minute.getEpochSecond());
        assertThat(busy).as("the minute of the pulses").isNotNull();
        assertThat(busy.get("energy").asDouble()).as("30 Wh in 60 s is an average of 1800 W").isEqualTo(1800.0);
    }

    /** pimatic's GET: its two headers, the token possibly "". */
    private LiveApiHttp.Response pimaticPoll(String token) {
        return LiveApiHttp.request("GET", "/api/ipu").header("Content-Type", "application/json").header("X-Access-Token", token).send(emon);
    }

    private static java.util.Map<String, Object> expired() {
        java.util.Map<String, Object> claims = LiveApiTokens.validClaims();
        long now = Instant.now().getEpochSecond();
        claims.put("iat", now - 7200);
        claims.put("exp", now - 3600);
        return claims;
    }

    private static JsonNode find(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode node : array) {
            if (test.test(node)) {
                return node;
            }
        }
        return null;
    }
}
