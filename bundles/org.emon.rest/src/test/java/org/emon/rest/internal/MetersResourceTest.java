package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Hashtable;
import java.util.Map;
import java.util.Properties;

import org.emon.rest.internal.Fakes.ConfigAdmin;
import org.emon.rest.internal.Fakes.Registry;
import org.emon.rest.internal.Fakes.Store;
import org.emon.rest.internal.Fakes.TestMeter;
import org.emon.rest.internal.TestApp.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The meters API through the real Jersey application, over an in-memory ConfigurationAdmin whose
 * changes reach the meter registry 50 ms later on another thread, as Declarative Services would.
 */
class MetersResourceTest {

    private static final long LAST_PULSE = 1_735_810_000_000L; // 2025-01-02T09:26:40Z

    @TempDir
    Path etc;

    private final ConfigAdmin admin = new ConfigAdmin();
    private final Registry registry = new Registry();
    private final Store store = new Store();
    private TestApp app;

    @BeforeEach
    void setUp() {
        admin.add(MeterConfigurations.FACTORY_PID, Map.of("id", "21", "description", "Main E-meter", "location", "Cupboard",
                "impulses.per.unit", "1000", "felix.fileinstall.filename", "file:/nowhere/org.emon.meter-main.cfg", "extra", "kept"));
        admin.changed = () -> registry.follow(admin);
        admin.changed.run();
        admin.calls.clear();
        admin.delayMillis = 50;
        store.add(21, 1_735_800_000_000L, LAST_PULSE - 1000);
        app = app(2_000);
    }

    private TestApp app(long settleMillis) {
        return new TestApp(new MetersResource(registry, Fakes.power(LAST_PULSE), store.service(),
                new MeterConfigurations(admin.service(), etc), Clock.fixed(Fakes.NOW, Fakes.AMSTERDAM), settleMillis));
    }

    @AfterEach
    void tearDown() {
        admin.close();
    }

    @Test
    void anyUserSeesTheMetersWithPowerLastPulseAndStoredPulses() {
        Answer list = app.get("/api/v1/meters", TestApp.VIEWER);
        assertThat(list.status()).isEqualTo(200);
        JsonNode main = list.json().get(0);
        assertThat(main.toString()).isEqualTo("{\"id\":21,\"description\":\"Main E-meter\",\"location\":\"Cupboard\","
                + "\"kind\":\"electricity\",\"unit\":\"kWh\",\"impulsesPerUnit\":1000.0,\"power\":1500.0,\"powerUnit\":\"W\","
                + "\"lastPulse\":\"2025-01-02T10:26:40+01:00\",\"pulses\":2}");
        assertThat(app.get("/api/v1/meters/21", TestApp.VIEWER).json()).isEqualTo(main);

        Answer power = app.get("/api/v1/meters/21/power", TestApp.VIEWER);
        assertThat(power.body()).isEqualTo("{\"meter\":21,\"power\":1500.0,\"unit\":\"W\",\"lastPulse\":\"2025-01-02T10:26:40+01:00\"}");
    }

    @Test
    void anUnknownMeterIs404AndNoTokenIs401() {
        for (String id : new String[] { "99", "abc", "-1", "0", "99999999999", "21.0" }) {
            for (String path : new String[] { "/api/v1/meters/" + id, "/api/v1/meters/" + id + "/power" }) {
                Answer a = app.get(path, TestApp.VIEWER);
                assertThat(a.status()).as(path).isEqualTo(404);
                assertThat(a.json().get("status").asInt()).isEqualTo(404);
            }
        }
        assertThat(app.get("/api/v1/meters", null).status()).isEqualTo(401);
        assertThat(app.get("/api/v1/meters/21", "forged").status()).isEqualTo(401);
    }

    @Test
    void createWritesTheConfigurationAndItsFileAndAnswersOnceTheMeterIsActive() throws Exception {
        Answer created = app.send("POST", "/api/v1/meters", TestApp.ADMIN, "{\"id\":22,\"description\":\"Wärmepumpe, Keller \\\\ 2\","
                + "\"location\":\"Keller\",\"kind\":\"gas\",\"impulsesPerUnit\":100,\"calorificValue\":9.77,"
                + "\"reading\":{\"value\":12345.6,\"at\":\"2025-01-01T00:00:00+01:00\"}}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("http://localhost/api/v1/meters/22");
        JsonNode meter = created.json();
        assertThat(meter.get("description").asText()).isEqualTo("Wärmepumpe, Keller \\ 2");
        assertThat(meter.get("unit").asText()).isEqualTo("m3");
        assertThat(meter.get("powerUnit").asText()).isEqualTo("m3/h");
        assertThat(meter.get("calorificValue").asDouble()).isEqualTo(9.77);
        assertThat(meter.get("reading").toString()).isEqualTo("{\"value\":12345.6,\"at\":\"2025-01-01T00:00:00+01:00\"}");
        // the registry saw it before the answer: the next request finds it
        assertThat(app.get("/api/v1/meters/22", TestApp.VIEWER).status()).isEqualTo(200);

        Hashtable<String, Object> config = only(22);
        Path file = etc.resolve("org.emon.meter-22.cfg");
        assertThat(config).containsEntry("id", "22").containsEntry("kind", "gas").containsEntry("impulses.per.unit", "100")
                .containsEntry("calorific.value", "9.77").containsEntry("reading.value", "12345.6")
                .containsEntry("reading.at", "2024-12-31T23:00:00Z")
                .containsEntry("felix.fileinstall.filename", file.toFile().toURI().toString());
        // the file holds the same values, so Karaf's file install finds nothing to change
        Properties fromFile = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            fromFile.load(in);
        }
        Hashtable<String, Object> withoutFile = new Hashtable<>(config);
        withoutFile.remove("felix.fileinstall.filename");
        assertThat(fromFile).isEqualTo(withoutFile);
        try (var files = Files.list(etc)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("org.emon.meter-22.cfg");
        }
        assertThat(admin.calls.get(0)).isEqualTo("create org.emon.meter ?"); // any bundle may receive it
    }

    @Test
    void createRefusesBadInputWithA4xxNamingTheFieldAndWritesNothing() {
        String[][] cases = {
                { "{}", "400", "id: required" },
                { "{\"id\":\"22\"}", "400", "id: must be a whole number" },
                { "{\"id\":0}", "400", "id:" },
                { "{\"id\":1e3}", "400", "id:" },
                { "{\"id\":21}", "409", "meter 21 exists already" },
                { "{\"id\":22,\"kind\":\"nuclear\"}", "400", "kind:" },
                { "{\"id\":22,\"impulsesPerUnit\":-5}", "400", "impulsesPerUnit:" },
                { "{\"id\":22,\"impulsesPerUnit\":\"1000\"}", "400", "impulsesPerUnit:" },
                { "{\"id\":22,\"description\":\"two\\nlines\"}", "400", "description: control characters" },
                { "{\"id\":22,\"location\":\"${karaf.home}\"}", "400", "location:" },
                { "{\"id\":22,\"description\":\"" + "x".repeat(201) + "\"}", "400", "description: at most 200" },
                { "{\"id\":22,\"calorificValue\":9.8}", "400", "calorificValue: only a gas meter" },
                { "{\"id\":22,\"kind\":\"gas\",\"calorificValue\":1000}", "400", "calorificValue:" },
                { "{\"id\":22,\"reading\":{\"value\":1,\"at\":\"2030-01-01T00:00:00Z\"}}", "400", "reading.at:" },
                { "{\"id\":22,\"reading\":{\"value\":-1,\"at\":0}}", "400", "reading.value:" },
                { "{\"id\":22,\"reading\":{\"value\":1}}", "400", "reading.at: required" },
                { "{\"id\":22,\"reading\":{\"value\":1,\"at\":1,\"x\":2}}", "400", "reading: unknown field 'x'" },
                { "{\"id\":22,\"colour\":\"red\"}", "400", "unknown field 'colour'" },
                { "{\"id\":22,\"id\":23}", "400", "malformed JSON" },
                { "{\"id\":22} []", "400", "malformed JSON" },
                { "[22]", "400", "JSON object" },
                { "{\"id\":", "400", "malformed JSON" },
                { " ", "400", "empty request body" },
                { "{\"id\":22,\"description\":\"" + "x".repeat(9000) + "\"}", "413", "over 8192 bytes" } };
        for (String[] c : cases) {
            Answer a = app.send("POST", "/api/v1/meters", TestApp.ADMIN, c[0]);
            assertThat(a.status()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
            assertThat(a.message()).as(c[0]).contains(c[2]);
        }
        assertThat(app.call("POST", "/api/v1/meters", "{\"id\":22}", "X-Access-Token", TestApp.ADMIN, "Content-Type", "text/plain")
                .status()).isEqualTo(415);
        assertThat(app.call("POST", "/api/v1/meters", "id=22", "X-Access-Token", TestApp.ADMIN).status()).isEqualTo(415);
        assertThat(app.send("POST", "/api/v1/meters", TestApp.VIEWER, "{\"id\":22}").status()).isEqualTo(403);
        assertThat(app.send("POST", "/api/v1/meters", null, "{\"id\":22}").status()).isEqualTo(401);
        assertThat(admin.calls).isEmpty();
        assertThat(etc).isEmptyDirectory();
    }

    @Test
    void updateChangesTheGivenFieldsAndKeepsEverythingElse() {
        Answer a = app.send("PUT", "/api/v1/meters/21", TestApp.ADMIN,
                "{\"id\":21,\"description\":\"Main\",\"reading\":{\"value\":4321,\"at\":1735686000000}}");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("description").asText()).isEqualTo("Main");
        assertThat(a.json().get("location").asText()).isEqualTo("Cupboard");
        assertThat(a.json().get("reading").toString()).isEqualTo("{\"value\":4321.0,\"at\":\"2025-01-01T00:00:00+01:00\"}");
        assertThat(only(21)).containsEntry("description", "Main").containsEntry("location", "Cupboard").containsEntry("extra", "kept")
                .containsEntry("reading.value", "4321").containsEntry("felix.fileinstall.filename", "file:/nowhere/org.emon.meter-main.cfg")
                .doesNotContainKey("service.pid");

        Answer removed = app.send("PUT", "/api/v1/meters/21", TestApp.ADMIN, "{\"reading\":null}");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().has("reading")).isFalse();
        assertThat(only(21)).doesNotContainKeys("reading.value", "reading.at");

        int updates = admin.calls.size();
        assertThat(app.send("PUT", "/api/v1/meters/21", TestApp.ADMIN, "{\"location\":\"Cupboard\"}").status()).isEqualTo(200);
        assertThat(admin.calls).as("nothing to change, nothing written").hasSize(updates);
    }

    @Test
    void updateRefusesAnIdChangeAnUnknownMeterAndAMeterDefinedElsewhere() {
        registry.meters.put(30, new TestMeter(30, "from another bundle"));
        admin.changed = () -> registry.follow(admin, new TestMeter(30, "from another bundle"));

        assertThat(app.send("PUT", "/api/v1/meters/21", TestApp.ADMIN, "{\"id\":22}").message()).startsWith("id: a meter's id cannot be changed");
        assertThat(app.send("PUT", "/api/v1/meters/99", TestApp.ADMIN, "{\"location\":\"x\"}").status()).isEqualTo(404);
        assertThat(app.send("PUT", "/api/v1/meters/30", TestApp.ADMIN, "{\"location\":\"x\"}").status()).isEqualTo(409);
        assertThat(app.call("DELETE", "/api/v1/meters/30", null, "X-Access-Token", TestApp.ADMIN).status()).isEqualTo(409);
        assertThat(app.send("PUT", "/api/v1/meters/21", TestApp.VIEWER, "{\"location\":\"x\"}").status()).isEqualTo(403);
        assertThat(admin.calls).isEmpty();
    }

    @Test
    void deleteRemovesTheConfigurationAndItsFileButNoPulses() {
        assertThat(app.send("POST", "/api/v1/meters", TestApp.ADMIN, "{\"id\":22}").status()).isEqualTo(201);
        store.add(22, 1_735_800_000_000L);
        assertThat(etc.resolve("org.emon.meter-22.cfg")).exists();

        assertThat(app.call("DELETE", "/api/v1/meters/22", null, "X-Access-Token", TestApp.VIEWER).status()).isEqualTo(403);
        Answer deleted = app.call("DELETE", "/api/v1/meters/22", null, "X-Access-Token", TestApp.ADMIN);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(etc.resolve("org.emon.meter-22.cfg")).doesNotExist();
        assertThat(app.get("/api/v1/meters/22", TestApp.VIEWER).status()).isEqualTo(404);
        assertThat(registry.meters()).extracting(m -> m.id()).containsExactly(21);
        // the store was asked for nothing but statistics (its fake refuses anything else)
        assertThat(store.pulses.get(22)).containsExactly(1_735_800_000_000L);
        assertThat(app.call("DELETE", "/api/v1/meters/22", null, "X-Access-Token", TestApp.ADMIN).status()).isEqualTo(404);
    }

    @Test
    void answers202WhenTheMeterDoesNotBecomeActiveInTime() {
        admin.changed = () -> { }; // the core is not running
        Answer a = app(100).send("POST", "/api/v1/meters", TestApp.ADMIN, "{\"id\":23}");
        assertThat(a.status()).isEqualTo(202);
        assertThat(a.message()).contains("meter 23 is configured but not active yet");
        assertThat(only(23)).containsEntry("id", "23");
    }

    private Hashtable<String, Object> only(int id) {
        var found = admin.configurations.values().stream().filter(p -> String.valueOf(id).equals(p.get("id"))).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
