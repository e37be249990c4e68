package org.emon.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.sqlite.SQLiteConfig;

import net.jqwik.api.Example;

/**
 * Issue 6, test 2 (SQL injection): the original built SQL from {@code mid} and {@code nrDaysBack}.
 * Classic payloads go into every parameter of every endpoint (path, query, JSON fields, form
 * fields, headers), with and without a token. No answer may be a 5xx, none without a token a 2xx;
 * with a token each is a 4xx whose 400 message names the parameter (or, for a parameter the
 * endpoint ignores, the normal answer). Afterwards the database answers exactly as before: same
 * meters, same energy of a seeded day, same schema, same pulses (read directly from SQLite), and
 * the admin still logs in.
 */
class LiveApiInjectionTest {

    static final List<String> PAYLOADS = List.of("' OR 1=1--", "' OR '1'='1", "1;DROP TABLE pulse", "21; DROP TABLE pulse;--",
            "21 OR 1=1", "21' UNION SELECT username, password FROM user--", "\" OR \"\"=\"", "1) OR (1=1",
            "'; ATTACH DATABASE '/tmp/pwn.db' AS pwn;--", "21/**/OR/**/1=1", "' || (SELECT sqlite_version()) || '",
            "0x15", "admin'--", "$(touch /tmp/pwn)", "{\"$gt\":\"\"}", "21\u0000' OR 1=1");

    /** A day only this test writes: 50 pulses from 10:00 UTC. */
    private static final Instant SEEDED = Instant.parse("2021-03-01T10:00:00Z");
    private static final String SEEDED_DAY = "/api/v1/meters/21/energy?from=2021-03-01T00:00:00Z&to=2021-03-02T00:00:00Z&resolution=hour&tz=UTC";
    /** Failed logins of this test come from here, not 127.0.0.1 (per-address throttling must not slow the other tests). */
    private static final InetAddress FROM = LiveApiHttp.loopback(0, 3, 1);

    private final LiveApiServer emon = LiveApiServer.get();

    /**
     * One injected request: where the payload sits and the parameter a 400 must name (null: the
     * endpoint ignores it; empty: any 4xx, e.g. a path id, where the container may refuse an encoded
     * slash with its own 400, or a body that is no longer JSON).
     */
    private record Injection(String where, String parameter, LiveApiHttp.Request request) {
    }

    @Example
    void injectionsIntoTheDataEndpointsAreRefusedAndChangeNothing() throws Exception {
        Snapshot before = seededSnapshot();
        List<String> violations = new ArrayList<>();
        for (String p : PAYLOADS) {
            for (boolean withToken : new boolean[] { true, false }) {
                for (Injection i : dataInjections(p)) {
                    check(i, withToken, violations);
                }
            }
        }
        assertThat(violations).as("answers to injected requests").isEmpty();
        assertThat(snapshot()).as("the database after the injections").isEqualTo(before);
    }

    @Example
    void injectionsIntoTheLoginFieldsLogNobodyInAndChangeNothing() throws Exception {
        Snapshot before = seededSnapshot();
        List<String> violations = new ArrayList<>();
        List<String> payloads = PAYLOADS.subList(0, 8); // each login costs a PBKDF2 derivation
        for (int k = 0; k < payloads.size(); k++) {
            String p = payloads.get(k);
            // one client address per payload: four failures stay below the per-address throttle
            InetAddress from = LiveApiHttp.loopback(0, 7, k + 1);
            // the payload as the user name, with the admin's real password: "admin'--" must not be admin
            expectRefusedLogin(LiveApiHttp.request("POST", "/api/login").from(from).json(LiveApiServer.loginJson(p, emon.password)),
                    "JSON username " + p, violations);
            expectRefusedLogin(LiveApiHttp.request("POST", "/apiv2/login").from(from).form("username=" + form(p) + "&password=" + form(emon.password)),
                    "form username " + p, violations);
            // the payload as admin's password; admin's own login after each pair resets the name's count
            expectRefusedLogin(LiveApiHttp.request("POST", "/api/login").from(from).json(LiveApiServer.loginJson(LiveApiServer.ADMIN, p)),
                    "JSON password " + p, violations);
            expectRefusedLogin(LiveApiHttp.request("POST", "/apiv2/login").from(from).form("username=admin&password=" + form(p)),
                    "form password " + p, violations);
            LiveApiHttp.Response ok = LiveApiHttp.request("POST", "/api/login").from(from)
                    .json(LiveApiServer.loginJson(LiveApiServer.ADMIN, emon.password)).send(emon);
            assertThat(ok.status()).as("admin's own login between injections: %s", ok).isEqualTo(200);
        }
        assertThat(violations).as("answers to injected logins").isEmpty();
        assertThat(snapshot()).as("the database after the injections").isEqualTo(before);
        LiveApiHttp.Response ok = LiveApiHttp.request("POST", "/api/login").from(FROM).json(LiveApiServer.loginJson(LiveApiServer.ADMIN, emon.password)).send(emon);
        assertThat(ok.status()).as("the admin still logs in: %s", ok).isEqualTo(200);
    }

    /**
     * Meters API: text fields are data, stored and returned verbatim; numeric fields and the id
     * refuse the payload.
     */
    @Example
    void injectionsIntoMeterFieldsAreStoredAsTextOrRefused() {
        String token = emon.adminToken();
        int id = 900;
        for (String p : PAYLOADS) {
            ObjectNode meter = LiveApiHttp.JSON.createObjectNode().put("id", id).put("description", p).put("location", p)
                    .put("kind", "electricity").put("impulsesPerUnit", 1000);
            LiveApiHttp.Response created = LiveApiHttp.request("POST", "/api/v1/meters").token(token).json(meter.toString()).send(emon);
            if (p.chars().anyMatch(Character::isISOControl)) {
                // line breaks and tabs would break the meter's .cfg file and the original's tables: refused, by name
                assertThat(created.status()).as("create with description %s: %s", p, created).isEqualTo(400);
                assertThat(created.json().path("message").asText()).contains("description");
                continue;
            }
            assertThat(created.status()).as("create with description %s: %s", p, created).isIn(200, 201);
            JsonNode read = LiveApiHttp.request("GET", "/api/v1/meters/" + id).token(token).send(emon).json();
            assertThat(read.path("description").asText()).isEqualTo(p);
            assertThat(LiveApiHttp.request("DELETE", "/api/v1/meters/" + id).token(token).send(emon).status() / 100).isEqualTo(2);
            ObjectNode badKind = meter.deepCopy().put("kind", p);
            LiveApiChecks.noServerError(LiveApiHttp.request("POST", "/api/v1/meters").token(token).json(badKind.toString()).send(emon), "kind " + p);
            LiveApiChecks.noServerError(LiveApiHttp.request("PUT", "/api/v1/meters/" + LiveApiHttp.encode(p)).token(token).json(meter.toString()).send(emon), "id " + p);
            LiveApiChecks.noServerError(LiveApiHttp.request("DELETE", "/api/v1/meters/" + LiveApiHttp.encode(p)).token(token).send(emon), "delete " + p);
        }
    }

    private List<Injection> dataInjections(String p) {
        String e = LiveApiHttp.encode(p);
        String q = LiveApiHttp.JSON.getNodeFactory().textNode(p).toString(); // the payload as a JSON string
        List<Injection> list = new ArrayList<>(List.of(
                new Injection("energy path id", "", LiveApiHttp.request("GET", "/api/v1/meters/" + e + "/energy")),
                new Injection("energy from", "from", LiveApiHttp.request("GET", "/api/v1/meters/21/energy?from=" + e)),
                new Injection("energy to", "to", LiveApiHttp.request("GET", "/api/v1/meters/21/energy?to=" + e)),
                new Injection("energy resolution", "resolution", LiveApiHttp.request("GET", "/api/v1/meters/21/energy?resolution=" + e)),
                new Injection("energy tz", "tz", LiveApiHttp.request("GET", "/api/v1/meters/21/energy?tz=" + e)),
                new Injection("ipu query (ignored)", null, LiveApiHttp.request("GET", "/api/ipu?meterid=" + e)),
                new Injection("apiv2 ipu query (ignored)", null, LiveApiHttp.request("GET", "/apiv2/ipu?mid=" + e)),
                new Injection("status query (ignored)", null, LiveApiHttp.request("GET", "/api/v1/status?meter=" + e)),
                new Injection("e-energy mid", "mid", LiveApiHttp.request("PUT", "/apiv2/e-energy").json("{\"mid\":" + q + ",\"nrDaysBack\":0}")),
                new Injection("e-energy nrDaysBack", "nrDaysBack", LiveApiHttp.request("PUT", "/apiv2/e-energy").json("{\"mid\":21,\"nrDaysBack\":" + q + "}")),
                new Injection("e-power mid", "mid", LiveApiHttp.request("PUT", "/apiv2/e-power").json("{\"mid\":" + q + ",\"nrDaysBack\":0}")),
                new Injection("e-power nrDaysBack", "nrDaysBack", LiveApiHttp.request("PUT", "/apiv2/e-power").json("{\"mid\":21,\"nrDaysBack\":" + q + "}")),
                new Injection("e-energy raw body", "", LiveApiHttp.request("PUT", "/apiv2/e-energy").json("{\"mid\":21 " + p + ",\"nrDaysBack\":0}")),
                new Injection("pulses path id", "", LiveApiHttp.request("POST", "/api/v1/meters/" + e + "/pulses").json("{\"timestamps\":[978307200000]}")),
                new Injection("pulses timestamp", "timestamps", LiveApiHttp.request("POST", "/api/v1/meters/21/pulses").json("{\"timestamps\":[" + q + "]}")),
                new Injection("pulses raw body", "", LiveApiHttp.request("POST", "/api/v1/meters/21/pulses").json("{\"timestamps\":[978307200000 " + p + "]}"))));
        for (String param : List.of("from", "to", "limit")) {
            list.add(new Injection("raw pulses " + param, param, LiveApiHttp.request("GET", "/api/v1/meters/21/pulses?" + param + "=" + e)));
        }
        // a payload that is a valid user name (e.g. 0x15) is a name, not an injection
        if (!p.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")) {
            list.add(new Injection("users name", "name", LiveApiHttp.request("POST", "/api/v1/users")
                    .json("{\"name\":" + q + ",\"password\":\"a-long-password-1\",\"role\":\"viewer\"}")));
            list.add(new Injection("users role", "role", LiveApiHttp.request("POST", "/api/v1/users")
                    .json("{\"name\":\"injected\",\"password\":\"a-long-password-1\",\"role\":" + q + "}")));
            list.add(new Injection("users path", "name", LiveApiHttp.request("DELETE", "/api/v1/users/" + e)));
        }
        return list;
    }

    private void check(Injection i, boolean withToken, List<String> violations) {
        LiveApiHttp.Request request = withToken ? i.request().token(emon.adminToken()) : i.request();
        String what = i.where() + (withToken ? "" : " without a token");
        LiveApiHttp.Response r;
        try {
            r = request.send(emon);
        } catch (RuntimeException e) {
            violations.add(what + ": no answer: " + e.getMessage());
            return;
        }
        if (r.status() >= 400 && !isJsonError(r)) {
            violations.add(what + " -> " + r + " (not the API's JSON error; Content-Type " + r.header("Content-Type") + ")");
            return;
        }
        if (r.status() == 400 && i.where().endsWith("path") && r.json().path("message").asText().startsWith("malformed URI")) {
            // refused by Jetty before emon (e.g. an encoded '/' in a path segment): nothing served, said in JSON
            return;
        }
        if (r.status() >= 500) {
            violations.add(what + " -> " + r);
        } else if (!withToken && "".equals(i.parameter()) && r.status() / 100 != 4) {
            violations.add(what + " -> " + r + " (expected a 4xx)");
        } else if (!withToken && !"".equals(i.parameter()) && r.status() != 401) {
            violations.add(what + " -> " + r + " (expected 401)");
        } else if (withToken && i.parameter() == null) {
            if (r.status() != 200) {
                violations.add(what + " -> " + r + " (an ignored parameter; expected the normal answer)");
            }
        } else if (withToken && r.status() / 100 != 4) {
            violations.add(what + " -> " + r + " (expected a 4xx)");
        } else if (withToken && r.status() == 400 && !i.parameter().isEmpty()) {
            String message = r.json().path("message").asText();
            if (!message.contains(i.parameter())) {
                violations.add(what + " -> " + r + " (the message does not name '" + i.parameter() + "')");
            }
        }
    }

    private static boolean isJsonError(LiveApiHttp.Response r) {
        if (!String.valueOf(r.header("Content-Type")).startsWith("application/json")) {
            return false;
        }
        try {
            return LiveApiHttp.JSON.readTree(r.body()).path("status").asInt() == r.status();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private void expectRefusedLogin(LiveApiHttp.Request request, String what, List<String> violations) {
        LiveApiHttp.Response r = request.send(emon);
        // 429: a throttle may step in; never 200, never 5xx
        if (r.status() != 401 && r.status() != 429) {
            violations.add(what + " -> " + r);
        }
    }

    private static String form(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** What the database answers, through the API and directly. */
    record Snapshot(List<String> meters, String seededDay, List<String> schema, long seededPulses) {
    }

    private Snapshot seededSnapshot() throws SQLException {
        List<Instant> pulses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pulses.add(SEEDED.plusSeconds(60L * i));
        }
        LiveApiChecks.ingest(emon, pulses); // duplicates if the other example ran first: the same 50
        Snapshot s = snapshot();
        assertThat(s.seededPulses()).as("the seeded pulses are in SQLite").isEqualTo(50);
        return s;
    }

    private Snapshot snapshot() throws SQLException {
        String token = emon.adminToken();
        List<String> meters = new ArrayList<>();
        for (JsonNode m : LiveApiHttp.request("GET", "/api/ipu").token(token).send(emon).json()) {
            meters.add(m.path("meterid") + "|" + m.path("description") + "|" + m.path("location") + "|" + m.path("created"));
        }
        LiveApiHttp.Response day = LiveApiHttp.request("GET", SEEDED_DAY).token(token).send(emon);
        assertThat(day.status()).isEqualTo(200);
        List<String> schema = new ArrayList<>();
        long seeded;
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection db = config.createConnection("jdbc:sqlite:" + emon.home.resolve("data/emon.db"));
                Statement sql = db.createStatement()) {
            // the original's emon_<meter>_<interval> tables appear by emon's own collect schedule, at
            // any moment of a slow run: not something a request made
            try (ResultSet rs = sql.executeQuery("SELECT type, name, sql FROM sqlite_master WHERE name NOT GLOB 'emon_*_*'"
                    + " ORDER BY type, name")) {
                while (rs.next()) {
                    // the original's tables appear on the collect schedule's own timer (first run a minute
                    // after the start), whatever the requests: not an effect of an injection
                    if (!rs.getString(2).matches("emon_\\d+_\\d+")) {
                        schema.add(rs.getString(1) + " " + rs.getString(2) + ": " + rs.getString(3));
                    }
                }
            }
            try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM pulse WHERE meter_id = 21 AND ts >= " + SEEDED.toEpochMilli()
                    + " AND ts < " + SEEDED.plusSeconds(86_400).toEpochMilli())) {
                rs.next();
                seeded = rs.getLong(1);
            }
        }
        assertThat(schema).as("tables in emon.db").anyMatch(t -> t.startsWith("table pulse"));
        return new Snapshot(meters, day.text(), schema, seeded);
    }
}
