package org.emon.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;

/**
 * Issue 6, test 3: every parameter of every endpoint, fuzzed with jqwik (random and hostile
 * strings, numbers of every size, dates far outside any calendar, unicode, huge values), sent
 * with a valid admin token and without one. No answer may be a 5xx or a dropped connection, and
 * without a token nothing protected is served. Tries are bounded so that the class runs in
 * seconds; jqwik reports the seed of a failure and shrinks it to a small counterexample.
 */
class LiveApiFuzzTest {

    /** 2001: the only year whose pulses the fuzzer may store (no other test reads it). */
    private static final long FUZZ_YEAR_FROM = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli();
    private static final long FUZZ_YEAR_TO = Instant.parse("2002-01-01T00:00:00Z").toEpochMilli() - 1;

    private final LiveApiServer emon = LiveApiServer.get();

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void energyQueries(@ForAll("meterIds") String id, @ForAll("optionalValues") String from, @ForAll("optionalValues") String to,
            @ForAll("resolutions") String resolution, @ForAll("zones") String tz) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        add(query, "from", from);
        add(query, "to", to);
        add(query, "resolution", resolution);
        add(query, "tz", tz);
        String target = "/api/v1/meters/" + LiveApiHttp.encode(id) + "/energy" + query;
        both("GET", target, target, token -> LiveApiHttp.request("GET", target));
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void legacyEnergyBodies(@ForAll("legacyBodies") String body, @ForAll boolean power, @ForAll("contentTypes") String contentType) {
        String path = power ? "/apiv2/e-power" : "/apiv2/e-energy";
        both("PUT", path, "PUT " + path + " " + body, token -> LiveApiHttp.request("PUT", path).body(contentType, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void pulseIngest(@ForAll("meterIds") String id, @ForAll("pulseBodies") String body, @ForAll("contentTypes") String contentType) {
        String path = "/api/v1/meters/" + LiveApiHttp.encode(id) + "/pulses";
        both("POST", path, "POST " + path + " " + body, token -> LiveApiHttp.request("POST", path).body(contentType, body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Each login costs a PBKDF2 derivation (~0.15 s here), hence fewer tries; from many loopback addresses. */
    @Property(tries = 40, shrinking = ShrinkingMode.BOUNDED)
    void logins(@ForAll("loginBodies") String body, @ForAll("contentTypes") String contentType, @ForAll boolean legacy,
            @ForAll @IntRange(min = 1, max = 250) int address) {
        String path = legacy ? "/apiv2/login" : "/api/login";
        LiveApiHttp.Response r = LiveApiHttp.request("POST", path).from(LiveApiHttp.loopback(1, 0, address))
                .body(contentType, body.getBytes(StandardCharsets.UTF_8)).send(emon);
        LiveApiChecks.noServerError(r, "POST " + path + " " + LiveApiHttp.abbreviate(body));
        assertThat(r.status()).as("nobody knows a password here: %s", r).isNotEqualTo(200);
    }

    /** The parameterless resources, with query strings, Accept headers and methods thrown at them. */
    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void fixedResources(@ForAll("fixedPaths") String path, @ForAll("optionalValues") String junk, @ForAll("accepts") String accept,
            @ForAll("methods") String method) {
        String target = path + (junk == null ? "" : "?" + LiveApiHttp.encode(junk) + "=" + LiveApiHttp.encode(junk));
        both(method, target, method + " " + target, token -> {
            LiveApiHttp.Request r = LiveApiHttp.request(method, target);
            return accept == null ? r : r.header("Accept", accept);
        });
    }

    /** Paths that exist nowhere (or almost): 404s, never a 5xx, never served without a token. */
    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void randomPaths(@ForAll boolean legacy, @ForAll("segments") List<String> segments, @ForAll("methods") String method) {
        StringJoiner path = new StringJoiner("/", legacy ? "/apiv2/" : "/api/", "");
        segments.forEach(s -> path.add(LiveApiHttp.encode(s)));
        String target = path.toString();
        both(method, target, method + " " + target, token -> LiveApiHttp.request(method, target));
    }

    /** Request targets as raw bytes (no encoding): the container must answer, not fail. */
    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void rawTargets(@ForAll("rawTargets") String raw) {
        String target = "/api/" + raw;
        both("GET", target, "GET " + target, token -> LiveApiHttp.request("GET", target));
    }

    /** Whatever is in the token headers: 401 (or a 4xx for an oversized header), never a 2xx or 5xx. */
    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void tokenHeaders(@ForAll("tokens") String token, @ForAll boolean bearer) {
        LiveApiHttp.Request request = LiveApiHttp.request("GET", "/api/ipu");
        LiveApiHttp.Response r = (bearer ? request.bearer(token) : request.token(token)).send(emon);
        String what = (bearer ? "Bearer " : "X-Access-Token ") + LiveApiHttp.abbreviate(token);
        LiveApiChecks.notServed(r, what);
        assertThat(r.status()).as("%s: %s", what, r).isBetween(400, 499);
    }

    /** Meters CRUD: random meter bodies for create and update (admin), and ids for delete. */
    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void meterBodies(@ForAll("meterBodies") String body, @ForAll("meterIdsExceptTheSimulated") String id, @ForAll("methods") String method) {
        both("POST", "/api/v1/meters", "POST meters " + body, token -> LiveApiHttp.request("POST", "/api/v1/meters").json(body));
        both("PUT", "/api/v1/meters/" + LiveApiHttp.encode(id), "PUT meters/" + id, token -> LiveApiHttp.request("PUT", "/api/v1/meters/" + LiveApiHttp.encode(id)).json(body));
        both("DELETE", "/api/v1/meters/" + LiveApiHttp.encode(id), "DELETE meters/" + id, token -> LiveApiHttp.request("DELETE", "/api/v1/meters/" + LiveApiHttp.encode(id)));
    }

    /** Raw pulses: paging parameters, also as CSV. */
    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void rawPulsePages(@ForAll("meterIds") String id, @ForAll("optionalValues") String from, @ForAll("optionalValues") String to,
            @ForAll("optionalValues") String limit, @ForAll("accepts") String accept) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        add(query, "from", from);
        add(query, "to", to);
        add(query, "limit", limit);
        String target = "/api/v1/meters/" + LiveApiHttp.encode(id) + "/pulses" + query;
        both("GET", target, target, token -> {
            LiveApiHttp.Request r = LiveApiHttp.request("GET", target);
            return accept == null ? r : r.header("Accept", accept);
        });
    }

    /** Users API: random user bodies (never the name admin) and names. */
    @Property(tries = 100, shrinking = ShrinkingMode.BOUNDED)
    void userBodies(@ForAll("userBodies") String body, @ForAll("junk") String name) {
        both("POST", "/api/v1/users", "POST users " + body, token -> LiveApiHttp.request("POST", "/api/v1/users").json(body));
        if (!name.equalsIgnoreCase(LiveApiServer.ADMIN)) {
            both("DELETE", "/api/v1/users/" + LiveApiHttp.encode(name), "DELETE users/" + name, token -> LiveApiHttp.request("DELETE", "/api/v1/users/" + LiveApiHttp.encode(name)));
        }
    }

    /**
     * Sends the request with the admin's token and without any: never a 5xx or a dropped
     * connection. Without a token nothing protected is served: a 2xx is only the public API root or
     * the site root's pointer to the API (which a path with ".." may normalise to; for HEAD a GET of
     * the same target shows it), or an OPTIONS answer (a CORS preflight needs none) that carries no data.
     */
    private void both(String method, String target, String what, Function<Boolean, LiveApiHttp.Request> request) {
        String shown = LiveApiHttp.abbreviate(what);
        LiveApiHttp.Response with = request.apply(true).token(emon.adminToken()).send(emon);
        LiveApiChecks.noServerError(with, shown + " with a token");
        LiveApiHttp.Response without = request.apply(false).send(emon);
        LiveApiChecks.noServerError(without, shown);
        if (without.status() / 100 != 2) {
            return;
        }
        if (method.equals("OPTIONS")) {
            assertThat(without.text()).as("OPTIONS %s without a token", shown).doesNotContain("meterid", "uptimeSeconds", "\"values\"");
            return;
        }
        LiveApiHttp.Response shownBody = method.equals("HEAD") ? LiveApiHttp.request("GET", target).send(emon) : without;
        boolean publicRoot = shownBody.text().contains("\"description\"")
                || shownBody.text().equals(LiveApiHttp.request("GET", "/").send(emon).text());
        assertThat(shownBody.status() / 100 == 2 && publicRoot)
                .as("%s without a token answered %s (the public root? %s)", shown, without, shownBody).isTrue();
    }

    private static void add(StringJoiner query, String name, String value) {
        if (value != null) {
            query.add(name + "=" + LiveApiHttp.encode(value));
        }
    }

    // ---- generators ----

    /** Hostile values of every kind. */
    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().ascii().ofMaxLength(40),
                Arbitraries.strings().withChars("0123456789-+:.TZeE ,/").ofMaxLength(30),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)).map(BigInteger::toString),
                Arbitraries.doubles().map(String::valueOf),
                dates(),
                Arbitraries.of("", " ", "NaN", "Infinity", "-Infinity", "-0", "1e400", "1E-400", "9223372036854775807", "9223372036854775808",
                        "-9223372036854775808", "2147483648", "+1", "0x10", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00+01:00",
                        "2026-01-01T24:00:00Z", "2026-01-01T00:00:00+25:00", "2026-01-01", "2026-01-01T00:00:00", "+999999999-12-31T23:59:59Z",
                        "-999999999-01-01T00:00:00Z", "now", "null", "undefined", "true", "[]", "{}", "\u0000", "%", "%%", "+", "\ud800",
                        "\ufeff21", "٢١", "２１", "21\n", "../", "..%2f", "' OR 1=1--"),
                Arbitraries.strings().ascii().ofMinLength(1000).ofMaxLength(6000));
    }

    @Provide
    Arbitrary<String> optionalValues() {
        return junk().injectNull(0.3);
    }

    /** Instants from year -1,000,000,000 to 1,000,000,000 in ISO-8601 with any offset. */
    private static Arbitrary<String> dates() {
        return Combinators.combine(Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                Arbitraries.integers().between(-18 * 3600, 18 * 3600)).as((seconds, offset) -> {
                    Instant instant = Instant.ofEpochSecond(seconds);
                    try {
                        return OffsetDateTime.ofInstant(instant, ZoneOffset.ofTotalSeconds(offset)).toString();
                    } catch (DateTimeException e) {
                        return instant.toString();
                    }
                });
    }

    @Provide
    Arbitrary<String> meterIds() {
        return Arbitraries.oneOf(Arbitraries.just("21"), Arbitraries.integers().map(String::valueOf), junk());
    }

    @Provide
    Arbitrary<String> meterIdsExceptTheSimulated() {
        return meterIds().filter(id -> !id.trim().equals("21"));
    }

    @Provide
    Arbitrary<String> resolutions() {
        return Arbitraries.oneOf(Arbitraries.of("minute", "quarter-hour", "hour", "day", "week", "month", "year", "60", "600", "3600", "86400",
                "HOUR", " hour", "1", "0", "-60", "59", "61", "1000000000000"), Arbitraries.integers().map(String::valueOf), junk()).injectNull(0.2);
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.oneOf(Arbitraries.of(ZoneId.getAvailableZoneIds().toArray(new String[0])),
                Arbitraries.of("UTC", "Z", "+01:00", "-18:00", "+18:01", "GMT+14", "UTC-12", "Etc/GMT-14", "SystemV/AST4", "europe/amsterdam",
                        "Europe/Amsterdam ", "+1", "01:00", "GMT+99", "Europe/../../etc/passwd"),
                junk()).injectNull(0.3);
    }

    /** JSON values of every type, some invalid as JSON. */
    @Provide
    Arbitrary<String> jsonValues() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)).map(BigInteger::toString),
                Arbitraries.doubles().map(d -> d.isNaN() || d.isInfinite() ? "1e999" : d.toString()),
                junk().map(s -> LiveApiHttp.JSON.getNodeFactory().textNode(s).toString()),
                Arbitraries.of("null", "true", "false", "[]", "{}", "[21]", "{\"a\":1}", "\"21\"", "\" 21 \"", "\"-1\"", "\"1e3\"", "21.0",
                        "21.5", "-0", "1e3", "0x15", "021", "NaN", "'21'", "", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]"));
    }

    @Provide
    Arbitrary<String> legacyBodies() {
        Arbitrary<String> object = Combinators.combine(jsonValues().injectNull(0.2), jsonValues().injectNull(0.3), Arbitraries.of("", ",\"x\":1", ",\"mid\":21", ",\"nrDaysBack\":0"))
                .as((mid, days, extra) -> {
                    StringJoiner j = new StringJoiner(",", "{", "}");
                    if (mid != null) {
                        j.add("\"mid\":" + mid);
                    }
                    if (days != null) {
                        j.add("\"nrDaysBack\":" + days);
                    }
                    return j + extra;
                });
        return Arbitraries.oneOf(object, object, junk(), jsonValues());
    }

    @Provide
    Arbitrary<String> pulseBodies() {
        Arbitrary<String> timestamp = Arbitraries.oneOf(
                Arbitraries.longs().between(FUZZ_YEAR_FROM, FUZZ_YEAR_TO).map(String::valueOf),
                // never 2000-2100 outside 2001: the other tests' days stay as they seeded them
                Arbitraries.longs().filter(t -> t < 946_684_800_000L || t > 4_102_444_800_000L).map(String::valueOf),
                jsonValues());
        Arbitrary<String> batch = timestamp.list().ofMaxSize(30).map(l -> "{\"timestamps\":[" + String.join(",", l) + "]}");
        return Arbitraries.oneOf(batch, batch, jsonValues().map(v -> "{\"timestamps\":" + v + "}"), junk());
    }

    @Provide
    Arbitrary<String> loginBodies() {
        Arbitrary<String> name = junk().filter(s -> !s.trim().equalsIgnoreCase(LiveApiServer.ADMIN));
        Arbitrary<String> json = Combinators.combine(name.map(s -> LiveApiHttp.JSON.getNodeFactory().textNode(s).toString()), jsonValues())
                .as((u, p) -> "{\"username\":" + u + ",\"password\":" + p + "}");
        Arbitrary<String> form = Combinators.combine(name, junk()).as((u, p) -> "username=" + LiveApiHttp.encode(u) + "&password=" + LiveApiHttp.encode(p));
        return Arbitraries.oneOf(json, form, junk(), jsonValues());
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "application/json; charset=utf-8", "application/json; charset=klingon", "text/plain",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "garbage", "*/*", "application/",
                "application/vnd.emon+json", ";;;").injectNull(0.15);
    }

    @Provide
    Arbitrary<String> accepts() {
        return Arbitraries.oneOf(Arbitraries.of("application/json", "text/csv", "*/*", "text/html", "application/xml", "*/*;q=abc", "garbage",
                "application/json;q=0", "text/*, application/json;q=0.5", ""), junk().filter(s -> s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)))
                .injectNull(0.3);
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "GET", "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "FOO");
    }

    @Provide
    Arbitrary<String> fixedPaths() {
        return Arbitraries.of("/api/ipu", "/apiv2/ipu", "/api/v1/status", "/api/", "/apiv2/", "/api", "/api/login", "/apiv2/login");
    }

    @Provide
    Arbitrary<List<String>> segments() {
        return Arbitraries.oneOf(junk(), Arbitraries.of("login", "ipu", "v1", "meters", "21", "energy", "pulses", "status", "..", ".", "e-energy"))
                .list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<String> rawTargets() {
        return Arbitraries.strings().withCharRange('!', '~').ofMaxLength(60);
    }

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(200),
                Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.").ofMinLength(10).ofMaxLength(6000),
                Arbitraries.strings().withCharRange('\u00a0', '\u00ff').ofMaxLength(50),
                Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_").ofMaxLength(60)
                        .list().ofSize(3).map(parts -> "eyJ" + String.join(".", parts)));
    }

    @Provide
    Arbitrary<String> meterBodies() {
        return Combinators.combine(jsonValues(), jsonValues(), jsonValues(), jsonValues())
                .as((id, description, kind, impulses) -> "{\"id\":" + id + ",\"description\":" + description + ",\"kind\":" + kind
                        + ",\"impulsesPerUnit\":" + impulses + "}")
                .filter(b -> !b.startsWith("{\"id\":21,"));
    }

    @Provide
    Arbitrary<String> userBodies() {
        return Combinators.combine(jsonValues(), jsonValues(), jsonValues())
                .as((u, p, r) -> "{\"name\":" + u + ",\"password\":" + p + ",\"role\":" + r + "}")
                .filter(b -> !b.toLowerCase().contains("\"admin\""));
    }
}
