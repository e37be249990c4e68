package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.emon.rest.internal.Fakes.ConfigAdmin;
import org.emon.rest.internal.Fakes.Registry;
import org.emon.rest.internal.Fakes.Store;
import org.emon.rest.internal.TestApp.Answer;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random values for every parameter, header and body of this bundle's endpoints, through the whole
 * Jersey application: never a 500, and every error is the API's JSON.
 */
class ApiFuzzTest {

    private static final ConfigAdmin ADMIN = new ConfigAdmin();
    private static final TestApp APP = app();

    private static TestApp app() {
        try {
            Registry registry = new Registry();
            ADMIN.changed = () -> registry.follow(ADMIN);
            ADMIN.add(MeterConfigurations.FACTORY_PID, Map.of("id", "21", "description", "Main"));
            ADMIN.changed.run();
            Store store = new Store();
            store.add(21, 1_735_686_000_000L);
            Clock clock = Clock.fixed(Fakes.NOW, Fakes.AMSTERDAM);
            Path etc = Files.createTempDirectory("emon-fuzz-etc");
            etc.toFile().deleteOnExit();
            return new TestApp(new ApiRootResource(), new IpuResource(registry, Fakes.power(0), store.service()),
                    new LegacyEnergyResource(Fakes.energy(null, null, null), clock),
                    new EnergyResource(Fakes.energy(1.0, 2.0, "peak"), clock),
                    new MetersResource(registry, Fakes.power(0), store.service(), new MeterConfigurations(ADMIN.service(), etc), clock, 200),
                    new PulsesResource(registry, store.service(), store.service(), 1000, clock),
                    new StatusResource("1", Fakes.status(registry.meter(21).orElseThrow()), store.service()), new OpenApiResource(),
                    new CorsFilter(CorsTest.config(Map.of("allowed_origins", new String[] { "https://a.example" }))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterContainer
    static void close() {
        ADMIN.close();
    }

    private static final String[] TEMPLATES = { "GET /api/v1/meters/{id}/energy?from={v}&to={w}&resolution={v}&tz={w}",
            "GET /api/v1/meters/{id}/pulses?from={v}&to={w}&limit={v}&tz={w}", "GET /api/v1/meters/{id}", "GET /api/v1/meters/{id}/power",
            "PUT /api/v1/meters/{id}", "DELETE /api/v1/meters/{id}", "POST /api/v1/meters", "POST /api/v1/meters/{id}/pulses",
            "PUT /apiv2/e-energy", "PUT /apiv2/e-power", "GET /apiv2/ipu", "GET /api/v1/status", "GET /api/{v}", "OPTIONS /api/{v}",
            "GET /apiv2/{v}/{w}", "PATCH /api/v1/meters/{id}" };

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.of("", "21", "0", "-1", "1e3", "9999999999999999999", "NaN", "2025-01-01T00:00:00+01:00", "hour", "day",
                        "Europe/Amsterdam", "' OR '1'='1", "../../etc/passwd", "%", "{", "\u0000", "10000", "10001"));
    }

    @Provide
    Arbitrary<String> body() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                Arbitraries.of("{\"mid\":21,\"nrDaysBack\":0}", "{\"timestamps\":[1735686000000]}", "{\"id\":50}", "{\"id\":21}",
                        "{\"description\":\"x\",\"reading\":{\"value\":1,\"at\":0}}", "{\"mid\":1e400}", "{\"timestamps\":[1e400]}",
                        "{\"id\":50,\"impulsesPerUnit\":1e400}", "{\"id\":50,\"reading\":{\"value\":1e400,\"at\":\"x\"}}",
                        "[".repeat(5000), "{\"a\":" + "[".repeat(2000), "{\"mid\":\"21\",\"mid\":\"22\"}"));
    }

    @Property(tries = 400)
    void noInputMakesA500(@ForAll("text") String id, @ForAll("text") String v, @ForAll("text") String w, @ForAll("body") String body,
            @ForAll("template") String template, @ForAll("role") String role, @ForAll("type") String type,
            @ForAll("text") String header) {
        String[] parts = template.replace("{id}", encode(id)).replace("{v}", encode(v)).replace("{w}", encode(w)).split(" ", 2);
        boolean hasBody = !parts[0].equals("GET") && !parts[0].equals("DELETE") && !parts[0].equals("OPTIONS");
        Answer answer = APP.call(parts[0], parts[1], hasBody ? body : null, TestApp.withToken(role, "Content-Type", type, "Accept", header,
                "Origin", header, "Access-Control-Request-Method", v));
        assertThat(answer.status()).as(template + " -> " + answer.body()).isLessThan(500);
        if (answer.status() >= 400) {
            assertThat(answer.json().get("status").asInt()).isEqualTo(answer.status());
        }
    }

    @Provide
    Arbitrary<String> template() {
        return Arbitraries.of(TEMPLATES);
    }

    @Provide
    Arbitrary<String> role() {
        return Arbitraries.of(TestApp.ADMIN, TestApp.VIEWER, "", "x");
    }

    @Provide
    Arbitrary<String> type() {
        return Arbitraries.oneOf(Arbitraries.of("application/json", "application/json; charset=UTF-8", "text/plain",
                "application/x-www-form-urlencoded", "application/vnd.emon+json", ""), Arbitraries.strings().ofMaxLength(20));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
