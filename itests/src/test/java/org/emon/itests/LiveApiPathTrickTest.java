package org.emon.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Example;

/**
 * Issue 6, test 2 (paths, sizes, methods): the original's auth regex {@code [^(\/login)]} let
 * paths through. Requests go out byte for byte (no client normalises them); none may reach a
 * protected resource without a token, none may be a 5xx or a dropped connection, and oversized
 * headers and bodies are refused with a 4xx.
 */
class LiveApiPathTrickTest {

    /** Targets around /login and /ipu that a sloppy matcher could take for the public login. */
    static final List<String> TRICKS = List.of(
            "/api/login/../ipu", "/apiv2/login/../ipu", "/api/login/..;/ipu", "/api/login;/../ipu", "/api/ipu;login", "/api/ipu;/login",
            "/api/ipu;jsessionid=login", "/api//ipu", "//api/ipu", "/api/./ipu", "/api/ipu/", "/api/ipu//", "/api/ipu?x=login",
            "/api/ipu?login", "/api/ipu#login", "/api/ipu/login", "/api/ipu/..;/login", "/api/%6cogin/../ipu", "/api/%6Cogin%2F..%2Fipu",
            "/api/%69pu", "/api/login%2f..%2fipu", "/api/login/..%2fipu", "/apiv2/login/..%2fipu", "/api/login%2F%2E%2E%2Fipu",
            "/api/login/%2e%2e/ipu", "/api/login/%2E%2E/ipu", "/api/login%00/../ipu", "/api/ipu%00login", "/api/ipu%00", "/api/ipu%20",
            "/api/ipu.", "/api/ipu..", "/api/ipu./", "/api/login.", "/api/ipu.json", "/api/ipu%2e", "/API/ipu", "/api/IPU", "/Api/Ipu",
            "/APIV2/IPU", "/api/Login/../ipu", "/api/LOGIN/../ipu", "/api/..%2fapiv2/ipu", "/api/%2e%2e/apiv2/ipu", "/api%2fipu",
            "/api/%2fipu", "/api\\ipu", "/api/login\\..\\ipu", "/api/login/..\\ipu", "/api/ipu%5clogin", "/apiv2/login/..%5cipu",
            "/api/v1/status;login", "/api/v1/login/../status", "/api/login/../v1/status", "/api/v1/meters/21/energy;login",
            "/api/login/../v1/meters/21/energy", "/api/v1/meters/21/energy/..;/login", "/api/login%3b/../ipu", "/api/ipu%3blogin",
            "/api/%252e%252e/ipu", "/api/login/%252e%252e/ipu", "/api/login/....//ipu", "/api/login/.../ipu",
            "http://127.0.0.1/api/ipu", "http://127.0.0.1/api/login/../ipu", "/api/ipu?/login", "/api/ipu/%2e%2e/login",
            "/api/ipu/%2e%2e/login/..", "/api/login/ipu", "/api/login/../../api/ipu", "/api/../api/ipu", "/api/../apiv2/ipu",
            "/apiv2/login/../../api/ipu", "/api/login/..", "/api/v1/../ipu", "/api/v1/meters/21/../../status");

    private final LiveApiServer emon = LiveApiServer.get();

    @Example
    void noPathTrickReachesAProtectedResourceWithoutAToken() {
        String publicRoot = LiveApiHttp.request("GET", "/api/").send(emon).text();
        List<String> violations = new ArrayList<>();
        for (String target : TRICKS) {
            for (String method : List.of("GET", "POST", "PUT")) {
                LiveApiHttp.Request request = LiveApiHttp.request(method, target);
                if (!method.equals("GET")) {
                    request.json("{\"mid\":21,\"nrDaysBack\":0,\"timestamps\":[978307200000]}");
                }
                LiveApiHttp.Response r;
                try {
                    r = request.send(emon);
                } catch (RuntimeException e) {
                    violations.add(method + " " + target + ": dropped: " + e.getMessage());
                    continue;
                }
                String body = r.text();
                boolean protectedContent = body.contains("meterid") || body.contains("uptimeSeconds") || body.contains("\"values\"")
                        || body.contains("\"accepted\"") || body.contains("nrDayBacks");
                // a trick that normalises to the public root (/api/login/.. is /api/) is served that root: fine
                boolean servedPublicRoot = body.equals(publicRoot);
                if (r.status() >= 500 || protectedContent || (r.status() / 100 == 2 && !servedPublicRoot)) {
                    violations.add(method + " " + target + " -> " + r);
                }
            }
        }
        assertThat(violations).as("path tricks").isEmpty();
    }

    /** The same tricks with a valid token: the server still answers sanely (no 5xx, no dropped connection). */
    @Example
    void pathTricksWithATokenNeverFailTheServer() {
        List<String> violations = new ArrayList<>();
        for (String target : TRICKS) {
            try {
                LiveApiHttp.Response r = LiveApiHttp.request("GET", target).token(emon.adminToken()).send(emon);
                if (r.status() >= 500) {
                    violations.add(target + " -> " + r);
                }
            } catch (RuntimeException e) {
                violations.add(target + ": dropped: " + e.getMessage());
            }
        }
        assertThat(violations).isEmpty();
    }

    @Example
    void oversizedHeadersAreRefusedWithA4xx() {
        String big = "a".repeat(64 * 1024);
        List<String> violations = new ArrayList<>();
        check(violations, "64 KB X-Filler header", LiveApiHttp.request("GET", "/api/ipu").header("X-Filler", big));
        check(violations, "64 KB X-Filler header with a valid token", LiveApiHttp.request("GET", "/api/ipu").token(emon.adminToken()).header("X-Filler", big));
        check(violations, "64 KB X-Access-Token", LiveApiHttp.request("GET", "/api/ipu").token(big));
        check(violations, "64 KB Bearer", LiveApiHttp.request("GET", "/api/ipu").bearer(big));
        check(violations, "64 KB login header", LiveApiHttp.request("POST", "/api/login").header("X-Filler", big)
                .json(LiveApiServer.loginJson(LiveApiServer.ADMIN, emon.password)));
        check(violations, "64 KB query string", LiveApiHttp.request("GET", "/api/v1/meters/21/energy?tz=" + big).token(emon.adminToken()));
        check(violations, "64 KB path", LiveApiHttp.request("GET", "/api/" + big));
        LiveApiHttp.Request many = LiveApiHttp.request("GET", "/api/ipu");
        for (int i = 0; i < 2000; i++) {
            many.header("X-H" + i, "v");
        }
        check(violations, "2000 headers", many);
        assertThat(violations).isEmpty();
    }

    @Example
    void oneMegabyteBodiesAreRefusedWithA4xx() {
        byte[] junk = new byte[1024 * 1024 + 1024];
        Arrays.fill(junk, (byte) 'a');
        byte[] json = jsonArrayOfSize(junk.length);
        String token = emon.adminToken();
        List<String> violations = new ArrayList<>();
        for (boolean chunked : new boolean[] { false, true }) {
            String how = chunked ? " (chunked)" : "";
            check(violations, "1 MB login" + how, maybeChunked(LiveApiHttp.request("POST", "/api/login").body("application/json", junk), chunked));
            check(violations, "1 MB JSON login" + how, maybeChunked(LiveApiHttp.request("POST", "/apiv2/login").body("application/json", json), chunked));
            check(violations, "1 MB form login" + how, maybeChunked(LiveApiHttp.request("POST", "/api/login").body("application/x-www-form-urlencoded", junk), chunked));
            check(violations, "1 MB pulses without a token" + how, maybeChunked(LiveApiHttp.request("POST", "/api/v1/meters/21/pulses").body("application/json", json), chunked));
            check(violations, "1 MB pulses" + how, maybeChunked(LiveApiHttp.request("POST", "/api/v1/meters/21/pulses").token(token).body("application/json", json), chunked));
            check(violations, "1 MB e-energy" + how, maybeChunked(LiveApiHttp.request("PUT", "/apiv2/e-energy").token(token).body("application/json", junk), chunked));
            check(violations, "1 MB e-power without a token" + how, maybeChunked(LiveApiHttp.request("PUT", "/apiv2/e-power").body("application/json", junk), chunked));
            check(violations, "1 MB body on GET /api/ipu without a token" + how, maybeChunked(LiveApiHttp.request("GET", "/api/ipu").body("application/json", junk), chunked));
            // with a token the GET is answered and its body ignored (never read): fine, as long as nothing fails
            LiveApiChecks.noServerError(maybeChunked(LiveApiHttp.request("GET", "/api/ipu").token(token).body("application/json", junk), chunked).send(emon),
                    "1 MB body on GET /api/ipu with a token" + how);
        }
        assertThat(violations).isEmpty();
    }

    /** Methods the resources do not have: 405 (or 401 before it), never 2xx without a token, never 5xx. */
    @Example
    void unusualMethodsAreRefused() {
        List<String> violations = new ArrayList<>();
        for (String method : List.of("DELETE", "PATCH", "TRACE", "TRACK", "PROPFIND", "MKCOL", "FOO", "CONNECT")) {
            for (String path : List.of("/api/ipu", "/apiv2/ipu", "/api/login", "/api/v1/status", "/api/v1/meters/21/energy", "/apiv2/e-energy")) {
                for (boolean withToken : new boolean[] { false, true }) {
                    LiveApiHttp.Request request = LiveApiHttp.request(method, path);
                    if (withToken) {
                        request.token(emon.adminToken());
                    }
                    String what = method + " " + path + (withToken ? " with a token" : "");
                    try {
                        LiveApiHttp.Response r = request.send(emon);
                        if (r.status() >= 500 || r.status() / 100 == 2) {
                            violations.add(what + " -> " + r);
                        }
                    } catch (RuntimeException e) {
                        violations.add(what + ": dropped: " + e.getMessage());
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    /** Broken HTTP: the server answers 4xx rather than failing or dropping the connection. */
    @Example
    void malformedRequestsGetA4xx() throws Exception {
        List<String> violations = new ArrayList<>();
        for (String raw : List.of("GARBAGE\r\n\r\n", "GET /api/ipu HTTP/1.1\r\n\r\n", "GET  /api/ipu  HTTP/1.1\r\nHost: x\r\n\r\n", "GET /api/ipu HTTP/1.1\r\nHost: x\r\nX-Access-Token\r\n\r\n",
                "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
                "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
                "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef",
                "POST /api/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "POST /api/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\nContent-Type: application/json\r\n\r\n0\r\n\r\n",
                "GET /api/ipu HTTP/1.1\r\nHost: x\r\nX-Access-Token: a\u0000b\r\n\r\n",
                "GET /api/\u00ff\u00fe HTTP/1.1\r\nHost: x\r\n\r\n")) {
            String what = raw.replace("\r\n", "\\r\\n");
            try {
                LiveApiHttp.Response r = LiveApiHttp.exchange(null, emon.httpPort, raw.getBytes(StandardCharsets.ISO_8859_1), false);
                if (r.status() / 100 != 4) {
                    violations.add(what + " -> " + r);
                }
            } catch (java.io.IOException e) {
                violations.add(what + ": " + e.getMessage());
            }
        }
        // a protocol version the server does not speak: 505 HTTP Version Not Supported is the honest answer
        for (String raw : List.of("GET /api/ipu HTTP/9.9\r\nHost: x\r\n\r\n", "GET /api/ipu\r\n\r\n")) {
            LiveApiHttp.Response r = LiveApiHttp.exchange(null, emon.httpPort, raw.getBytes(StandardCharsets.ISO_8859_1), false);
            if (r.status() / 100 != 4 && r.status() != 505) {
                violations.add(raw.replace("\r\n", "\\r\\n") + " -> " + r);
            }
        }
        assertThat(violations).isEmpty();
    }

    /**
     * FAILS NOW, so disabled: POST /api/v1/meters/21/pulses with {@code Content-Type: text/plain}
     * or {@code application/xml} and a JSON body is answered 200 and the pulses are stored; the
     * issue asks for 415 where it applies. Enable when the ingest checks its content type.
     */
    @Example
    void aModernApiBodyWithAnotherContentTypeIs415() {
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
            LiveApiHttp.Response r = LiveApiHttp.request("POST", "/api/v1/meters/21/pulses").token(emon.adminToken())
                    .body(type, "{\"timestamps\":[978307200000]}".getBytes(StandardCharsets.US_ASCII)).send(emon);
            assertThat(r.status()).as("ingest with Content-Type %s: %s", type, r).isEqualTo(415);
        }
    }

    /** CORS is off by default: no origin is allowed to read answers from a browser. */
    @Example
    void corsIsOffByDefault() {
        String token = emon.adminToken();
        LiveApiHttp.Response get = LiveApiHttp.request("GET", "/api/ipu").token(token).header("Origin", "https://evil.example").send(emon);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.header("Access-Control-Allow-Origin")).as("ACAO on a cross-origin GET").isNull();
        LiveApiHttp.Response preflight = LiveApiHttp.request("OPTIONS", "/api/ipu").header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET").header("Access-Control-Request-Headers", "X-Access-Token").send(emon);
        LiveApiChecks.noServerError(preflight, "preflight");
        assertThat(preflight.header("Access-Control-Allow-Origin")).as("ACAO on a preflight").isNull();
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();
    }

    private void check(List<String> violations, String what, LiveApiHttp.Request request) {
        try {
            LiveApiHttp.Response r = request.send(emon);
            if (r.status() / 100 != 4) {
                violations.add(what + " -> " + r);
            }
        } catch (RuntimeException e) {
            violations.add(what + ": dropped: " + e.getMessage());
        }
    }

    private static LiveApiHttp.Request maybeChunked(LiveApiHttp.Request request, boolean chunked) {
        return chunked ? request.chunked() : request;
    }

    /** {"timestamps":[978307200000,...]} padded to about {@code size} bytes: well-formed, only too big. */
    private static byte[] jsonArrayOfSize(int size) {
        StringBuilder b = new StringBuilder("{\"username\":\"admin\",\"timestamps\":[978307200000");
        while (b.length() < size) {
            b.append(",978307200000");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
