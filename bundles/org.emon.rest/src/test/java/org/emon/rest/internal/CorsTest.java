package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.emon.rest.internal.Fakes.Registry;
import org.emon.rest.internal.Fakes.Store;
import org.emon.rest.internal.Fakes.TestMeter;
import org.emon.rest.internal.TestApp.Answer;
import org.junit.jupiter.api.Test;

/** CORS through the Jersey application, configured as {@code org.emon.rest.cors} would be. */
class CorsTest {

    private static final String DASHBOARD = "https://dash.example.org";

    /** The configuration with its metatype defaults, except {@code overrides} (by method name). */
    static CorsConfig config(Map<String, Object> overrides) {
        return (CorsConfig) Proxy.newProxyInstance(CorsTest.class.getClassLoader(), new Class<?>[] { CorsConfig.class },
                (proxy, method, args) -> overrides.containsKey(method.getName()) ? overrides.get(method.getName()) : method.getDefaultValue());
    }

    private static TestApp app(String... origins) {
        return new TestApp(new CorsFilter(config(Map.of("allowed_origins", origins))), new ApiRootResource(),
                new IpuResource(new Registry(new TestMeter(21, "Main")), Fakes.power(0), new Store().service()));
    }

    private static Answer preflight(TestApp app, String origin, String method) {
        return app.call("OPTIONS", "/api/ipu", null, "Origin", origin, "Access-Control-Request-Method", method,
                "Access-Control-Request-Headers", "x-access-token");
    }

    @Test
    void offByDefault() {
        TestApp app = new TestApp(new CorsFilter(config(Map.of())), new ApiRootResource());
        assertThat(preflight(app, DASHBOARD, "GET").header("Access-Control-Allow-Origin")).isNull();
        Answer get = app.call("GET", "/api/", null, "Origin", DASHBOARD);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.headers().keySet()).noneMatch(h -> h.startsWith("Access-Control") || h.equals("Vary"));
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredWithoutAToken() {
        Answer answer = preflight(app(DASHBOARD), DASHBOARD, "GET");
        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(DASHBOARD);
        assertThat(answer.header("Access-Control-Allow-Methods")).isEqualTo("GET, POST, PUT, DELETE");
        assertThat(answer.header("Access-Control-Allow-Headers")).contains("Authorization", "X-Access-Token", "Content-Type");
        assertThat(answer.header("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(answer.header("Vary")).isEqualTo("Origin");
        assertThat(answer.header("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void otherOriginsAndMethodsGetNoPermission() {
        TestApp app = app(DASHBOARD);
        assertThat(preflight(app, "https://evil.example", "GET").header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight(app, "https://dash.example.org.evil.example", "GET").header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight(app, "http://dash.example.org", "GET").header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight(app, DASHBOARD, "PATCH").header("Access-Control-Allow-Origin")).isNull();

        Answer get = app.call("GET", "/api/ipu", null, "Origin", "https://evil.example", "X-Access-Token", TestApp.VIEWER);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.header("Access-Control-Allow-Origin")).isNull();
        assertThat(get.header("Vary")).isEqualTo("Origin");
    }

    @Test
    void answersToAnAllowedOriginLetThePageReadThemErrorsIncluded() {
        TestApp app = app(DASHBOARD);
        Answer ok = app.call("GET", "/api/ipu", null, "Origin", DASHBOARD, "X-Access-Token", TestApp.VIEWER);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo(DASHBOARD);
        assertThat(ok.header("Access-Control-Expose-Headers")).contains("Location", "Retry-After", "WWW-Authenticate");

        Answer unauthorized = app.call("GET", "/api/ipu", null, "Origin", DASHBOARD);
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.header("Access-Control-Allow-Origin")).isEqualTo(DASHBOARD);
        Answer missing = app.call("GET", "/api/none", null, "Origin", DASHBOARD);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Access-Control-Allow-Origin")).isEqualTo(DASHBOARD);
    }

    @Test
    void originsFromACfgFileAreSplitNormalisedAndCheckedAndStarMeansAny() {
        // a .cfg file gives one string; entries that are not origins are ignored
        Cors cors = new Cors(config(Map.of("allowed_origins",
                new String[] { "https://A.example/, http://b.example:8080 ,ftp://c.example, null, https://d.example/path" })));
        assertThat(cors.allows("https://a.example")).isTrue();
        assertThat(cors.allows("http://b.example:8080")).isTrue();
        assertThat(cors.allows("http://b.example")).isFalse();
        assertThat(cors.allows("ftp://c.example")).isFalse();
        assertThat(cors.allows("null")).isFalse();
        assertThat(cors.allows("https://d.example")).isFalse();

        Answer any = preflight(app("*"), "https://anyone.example", "DELETE");
        assertThat(any.status()).isEqualTo(204);
        assertThat(any.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }
}
