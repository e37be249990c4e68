package org.emon.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.ConnectException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.emon.api.PulseSource;
import org.emon.api.SourceStatus;
import org.emon.api.store.Collector;
import org.emon.api.store.MeterTable;
import org.emon.api.store.PulseAppender;
import org.emon.api.store.PulseQueries;
import org.emon.api.store.PulsesStoredListener;
import org.emon.api.store.StoreFiles;
import org.emon.api.store.StoreHealth;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;
import org.osgi.framework.dto.ServiceReferenceDTO;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Boots the emon distribution once and uses it as its users do: log in, read /api/ipu, look at
 * emon:status, add and remove REST resources while requests flow, swap sources, and type the
 * console examples of the docs.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class EmonDistributionTest {

    /**
     * That emon comes up by itself, not how fast: start-up time is a benchmark figure
     * (benchmarks/startup.sh), and a shared, loaded machine took 49 s here once.
     */
    private static final long STARTUP_LIMIT_MILLIS = 120_000;
    private static final double SIMULATED_WATTS = 3000; // etc/org.emon.source.simulator-main.cfg

    @Inject
    SessionFactory sessions;

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configurations;

    @Inject
    PulseQueries queries;

    @Inject
    PulseAppender appender;

    @Inject
    ServiceComponentRuntime components;

    private final Http http = new Http();

    @Configuration
    public Option[] config() {
        return Containers.emonDistribution();
    }

    /** Runs first: the time is measured from the JVM's start. */
    @Test
    public void t1_loginAndLivePowerWithin15SecondsOfJvmStart() throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long deadline = jvmStart + 60_000;
        long loggedInAt = 0;
        String token = null;
        JsonNode meter = null;
        while (System.currentTimeMillis() < deadline) {
            if (token == null) {
                Http.Answer login = http.postJson("/api/login",
                        "{\"username\":\"admin\",\"password\":\"" + System.getProperty(Containers.PASSWORD_PROPERTY) + "\"}");
                if (login.status() == 200) {
                    token = login.json().get("token").asText();
                    loggedInAt = System.currentTimeMillis();
                }
            }
            if (token != null) {
                Http.Answer ipu = http.get("/api/ipu", Map.of("X-Access-Token", token));
                assertEquals(ipu.body(), 200, ipu.status());
                JsonNode first = ipu.json().get(0);
                if (first != null && first.get("ipu").asDouble() > 0) {
                    meter = first;
                    break;
                }
            }
            Thread.sleep(100);
        }
        long liveAt = System.currentTimeMillis();
        System.out.printf("emon startup: login answered 200 %d ms and /api/ipu showed power %d ms after JVM start%n",
                loggedInAt - jvmStart, liveAt - jvmStart);
        assertTrue("no meter with power within 60 s", meter != null);
        assertTrue("login took " + (loggedInAt - jvmStart) + " ms from JVM start", loggedInAt - jvmStart < STARTUP_LIMIT_MILLIS);
        assertTrue("power shown " + (liveAt - jvmStart) + " ms after JVM start", liveAt - jvmStart < STARTUP_LIMIT_MILLIS);

        // the original's shape: meterid a number, ipu a number in W close to the simulated power
        assertTrue(meter.toString(), meter.get("meterid").isInt());
        assertEquals(21, meter.get("meterid").asInt());
        assertEquals("Main E-meter", meter.get("description").asText());
        assertTrue(meter.toString(), meter.has("created") && meter.has("updated") && meter.has("location"));
        assertTrue(meter.toString(), meter.get("ipu").isNumber());
        double watts = meter.get("ipu").asDouble();
        assertTrue("ipu " + watts, watts > SIMULATED_WATTS * 0.5 && watts < SIMULATED_WATTS * 1.5);
    }

    @Test
    public void t2_withoutOrWithABadTokenTheAnswerIs401Json() throws Exception {
        for (Map<String, String> headers : new Map[] { Map.of(), Map.of("X-Access-Token", "not-a-token"),
                Map.of("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9."),
                Map.of("X-Access-Token", http.login() + "x") }) {
            for (String path : new String[] { "/api/ipu", "/apiv2/ipu" }) {
                Http.Answer answer = http.get(path, headers);
                assertEquals(path + " " + headers + ": " + answer.body(), 401, answer.status());
                assertTrue(answer.contentType(), answer.contentType().startsWith("application/json"));
                assertEquals(401, answer.json().get("status").asInt());
                assertTrue(answer.json().get("message").isTextual());
            }
        }
        Http.Answer wrongPassword = http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"wrong\"}");
        assertEquals(401, wrongPassword.status());
        assertEquals(401, wrongPassword.json().get("status").asInt());

        // both header forms work with a good token, on both API prefixes
        String token = http.login();
        assertEquals(200, http.get("/api/ipu", Map.of("Authorization", "Bearer " + token)).status());
        assertEquals(200, http.get("/apiv2/ipu", Map.of("X-Access-Token", token)).status());
        Http.Answer description = http.get("/apiv2/", Map.of());
        assertEquals(description.body(), 200, description.status());
        assertTrue(description.json().get("description").isTextual());
    }

    @Test
    public void t3_statusShowsTheMeterWithAGrowingPulseCount() throws Exception {
        long first = pulsesOfMeter21(Console.run(sessions, "emon:status"));
        long deadline = System.currentTimeMillis() + 15_000;
        long later = first;
        String output = "";
        while (later <= first && System.currentTimeMillis() < deadline) {
            Thread.sleep(1000);
            output = Console.run(sessions, "emon:status");
            later = pulsesOfMeter21(output);
        }
        assertTrue("pulses stored did not grow from " + first + ":\n" + output, later > first);
        assertTrue(output, output.contains("Main E-meter") && output.contains("simulator") && output.contains("RUNNING"));
        assertTrue(output, output.matches("(?s).*\\d+ W.*"));
    }

    private static long pulsesOfMeter21(String status) {
        Matcher row = Pattern.compile("(?m)^\\s*21\\s*\\|(.*)$").matcher(status);
        assertTrue("no row for meter 21 in:\n" + status, row.find());
        String[] cells = row.group(1).split("\\|");
        return Long.parseLong(cells[4].trim()); // Description, Kind, Source, State, Pulses stored
    }

    /** A JAX-RS resource contributed by another bundle (here the test probe). */
    @Path("itest-probe")
    public static class ProbeResource {
        @GET
        @Produces("application/json")
        public Map<String, Object> get() {
            return Map.of("probe", true);
        }
    }

    @Path("itest-churn")
    public static class ChurnResource {
        @GET
        public String get() {
            return "churn";
        }
    }

    @Test
    public void t4_resourcesOfAnyBundleComeAndGoLiveWithoutFailingARequest() throws Exception {
        String token = http.login();
        Map<String, String> auth = Map.of("X-Access-Token", token);
        assertEquals(404, http.get("/api/itest-probe", auth).status());

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        StringBuilder failures = new StringBuilder();
        Thread load = new Thread(() -> {
            while (running.get()) {
                try {
                    Http.Answer answer = http.get("/api/ipu", auth);
                    if (answer.status() == 200) {
                        served.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        synchronized (failures) {
                            failures.append(answer.status()).append(' ').append(answer.body()).append('\n');
                        }
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }
        });
        load.start();
        ServiceRegistration<ProbeResource> probe = context.registerService(ProbeResource.class, new ProbeResource(), resource());
        try {
            awaitStatus("/api/itest-probe", auth, 200);
            assertEquals(true, http.get("/api/itest-probe", auth).json().get("probe").asBoolean());
            // resources coming and going many times while requests flow
            for (int i = 0; i < 10; i++) {
                ServiceRegistration<ChurnResource> churn = context.registerService(ChurnResource.class, new ChurnResource(), resource());
                awaitStatus("/api/itest-churn", auth, 200);
                churn.unregister();
                awaitStatus("/api/itest-churn", auth, 404);
            }
        } finally {
            probe.unregister();
        }
        awaitStatus("/api/itest-probe", auth, 404);
        running.set(false);
        load.join();
        assertEquals("requests failed while resources changed:\n" + failures, 0, failed.get());
        assertTrue("load served only " + served.get(), served.get() > 50);
    }

    /**
     * Three pulses at known times of yesterday (local noon) are found by the energy query of their
     * hour and in the original's e-energy of yesterday; an unknown resolution is a 400.
     */
    @Test
    public void t5_energyForTodayAndTheOriginalsEnergyQueries() throws Exception {
        Map<String, String> token = Map.of("X-Access-Token", http.login());
        ZoneId zone = ZoneId.systemDefault();
        LocalDate yesterday = LocalDate.now(zone).minusDays(1);
        Instant noon = yesterday.atTime(12, 0).atZone(zone).toInstant();
        long ms = noon.toEpochMilli();
        Http.Answer ingest = http.sendJson("POST", "/api/v1/meters/21/pulses", token,
                "{\"timestamps\":[" + (ms + 1000) + "," + (ms + 2000) + "," + (ms + 3000) + "]}");
        assertEquals(ingest.body(), 200, ingest.status());

        // one UTC hour holds all three (local noon is a full or half hour in every zone)
        Http.Answer energy = http.get("/api/v1/meters/21/energy?resolution=hour&tz=UTC&from=" + noon + "&to=" + noon.plusSeconds(10), token);
        assertEquals(energy.body(), 200, energy.status());
        JsonNode answer = energy.json();
        assertEquals(21, answer.get("meter").asInt());
        assertEquals("kWh", answer.get("unit").asText());
        assertEquals("hour", answer.get("resolution").asText());
        assertEquals("UTC", answer.get("tz").asText());
        assertEquals(answer.toString(), 1, answer.get("values").size());
        JsonNode hour = answer.get("values").get(0);
        long pulses = hour.get("pulses").asLong();
        assertTrue(answer.toString(), pulses >= 3);
        assertEquals(answer.toString(), pulses / 1000.0, hour.get("value").asDouble(), 1e-9);
        assertTrue(answer.toString(), Instant.parse(hour.get("start").asText()).compareTo(noon) <= 0);

        Http.Answer legacy = http.sendJson("PUT", "/apiv2/e-energy", token, "{\"mid\":21,\"nrDaysBack\":1}");
        assertEquals(legacy.body(), 200, legacy.status());
        JsonNode day = legacy.json();
        assertEquals(21, day.get("mid").asInt());
        assertEquals("Wh", day.get("unit").asText());
        assertEquals(1, day.get("nrDayBacks").asInt());
        long hours = Duration.between(yesterday.atStartOfDay(zone), yesterday.plusDays(1).atStartOfDay(zone)).toHours();
        assertEquals(day.toString(), hours, day.get("values").size());
        double wh = 0;
        for (JsonNode value : day.get("values")) {
            wh += value.get("energy").asDouble();
        }
        assertTrue(day.toString(), wh >= 3);
        assertEquals(yesterday.atStartOfDay(zone).toEpochSecond(), day.get("values").get(0).get("time").asLong());

        Http.Answer fortnight = http.get("/api/v1/meters/21/energy?resolution=fortnight", token);
        assertEquals(fortnight.body(), 400, fortnight.status());
        assertEquals(400, fortnight.json().get("status").asInt());
        assertTrue(fortnight.body(), fortnight.json().get("message").asText().contains("resolution"));
    }

    /**
     * A dashboard of another bundle registers its servlet at / (default ranking): it gets the root
     * and the paths nobody else serves instead of emon's pointer and JSON 404s; the API stays as
     * it is; unregistered, emon's answers are back.
     */
    @Test
    public void t7_aServletAtTheRootOfAnotherBundleTakesItOverAndGivesItBack() throws Exception {
        Http.Answer pointer = http.get("/", Map.of());
        assertEquals(pointer.body(), 200, pointer.status());
        assertEquals(pointer.body(), "/api/v1", pointer.json().get("api").asText());
        assertEquals(404, http.get("/dashboard.css", Map.of()).status());

        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", "/");
        properties.put("osgi.http.whiteboard.servlet.name", "itest-dashboard");
        ServiceRegistration<Servlet> dashboard = context.registerService(Servlet.class, new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
                response.setContentType("text/html");
                response.getWriter().write("<p>itest dashboard</p>");
            }
        }, properties);
        try {
            awaitBody("/", "itest dashboard");
            Http.Answer asset = http.get("/dashboard.css", Map.of());
            assertEquals(asset.body(), 200, asset.status());
            assertEquals(asset.body(), 200, http.get("/api/ipu", Map.of("X-Access-Token", http.login())).status());
        } finally {
            dashboard.unregister();
        }
        awaitBody("/", "\"api\":\"/api/v1\"");
        Http.Answer gone = http.get("/dashboard.css", Map.of());
        assertEquals(gone.body(), 404, gone.status());
        assertTrue(gone.contentType(), gone.contentType().startsWith("application/json"));
    }

    private void awaitBody(String path, String expected) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        Http.Answer last;
        do {
            last = http.get(path, Map.of());
            if (last.status() == 200 && last.body().contains(expected)) {
                return;
            }
            Thread.sleep(20);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError(path + " answered " + last.status() + " " + last.body() + ", not " + expected);
    }

    private static Dictionary<String, Object> resource() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.jaxrs.resource", Boolean.TRUE);
        return properties;
    }

    private void awaitStatus(String path, Map<String, String> headers, int status) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        int last;
        do {
            last = http.get(path, headers).status();
            if (last == status) {
                return;
            }
            Thread.sleep(20);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError(path + " answered " + last + ", not " + status);
    }

    private static final int METER_A = 32;
    private static final int METER_B = 31;
    /** B pulses every 100 ms (36 kW at 1000 imp/kWh), without jitter. */
    private static final double B_WATTS = 36_000;

    /**
     * Meter A's source is replaced while meter B's simulator runs: by configuration (simulator ->
     * a third-party UDP source bundle installed now), by bundle stop/start, update and
     * uninstall/install, and back by configuration. A counts exactly what its current source sends
     * and nothing of the source it left; B loses and duplicates nothing; /api/ipu answers throughout.
     */
    @Test
    public void t6_sourcesAreSwappedAtRuntimeWithoutLossOrDuplicateOnOtherMeters() throws Exception {
        org.osgi.service.cm.Configuration meterA = create("org.emon.meter", "id", METER_A, "description", "A",
                "kind", "electricity", "impulses.per.unit", 1000.0);
        org.osgi.service.cm.Configuration meterB = create("org.emon.meter", "id", METER_B, "description", "B",
                "kind", "electricity", "impulses.per.unit", 1000.0);
        org.osgi.service.cm.Configuration simulatorB = create("org.emon.source.simulator", "meter.id", METER_B,
                "power.watts", B_WATTS, "jitter", 0.0);
        org.osgi.service.cm.Configuration simulatorA = create("org.emon.source.simulator", "meter.id", METER_A,
                "power.watts", 36_000.0, "jitter", 0.0);
        Bundle example = null;
        org.osgi.service.cm.Configuration udpA = null;
        Map<String, String> auth = Map.of("X-Access-Token", http.login());
        RestLoad load = new RestLoad(auth);
        try {
            awaitGrowth(METER_B);
            awaitGrowth(METER_A);
            SourceStatus bBefore = stableStatus(METER_B, "simulator");
            long started = System.currentTimeMillis();
            load.start();

            // 1. by configuration: A's simulator out, a source from a bundle installed now in
            example = context.installBundle(System.getProperty(Containers.EXAMPLE_JAR_PROPERTY));
            example.start();
            simulatorA.delete();
            int port = freeUdpPort();
            udpA = create("org.emon.source.example", "meter.id", METER_A, "port", port, "bind.address", "127.0.0.1");
            long base = started - 3_600_000; // an hour ago: no simulator pulse of A can be there
            sendAndCount(port, base, 1, 40);
            long simulatorGone = System.currentTimeMillis();

            // 2. by bundle: stopped, A counts nothing; started, update, uninstall/install: A counts again
            example.stop();
            awaitNoSource(METER_A);
            sendWithoutSource(port, base + 100_000, 40);
            example.start();
            sendAndCount(port, base + 200_000, 1, 40);
            example.update();
            sendAndCount(port, base + 300_000, 1, 40);
            example.uninstall();
            awaitNoSource(METER_A);
            example = context.installBundle(System.getProperty(Containers.EXAMPLE_JAR_PROPERTY));
            example.start();
            sendAndCount(port, base + 400_000, 1, 40);
            long udpEnded = System.currentTimeMillis();
            assertEquals("simulator pulses of A after it was removed", 0,
                    queries.count(METER_A, simulatorGone, udpEnded));

            // 3. back by configuration: the UDP source out, a simulator in; A resumes
            udpA.delete();
            udpA = null;
            awaitNoSource(METER_A);
            simulatorA = create("org.emon.source.simulator", "meter.id", METER_A, "power.watts", 36_000.0, "jitter", 0.0);
            awaitGrowth(METER_A);

            // B: every pulse its simulator delivered is stored once, at its steady rate
            SourceStatus bAfter = stableStatus(METER_B, "simulator");
            assertTrue(appender.flush(10_000));
            long delivered = bAfter.pulsesDelivered() - bBefore.pulsesDelivered();
            long stored = queries.count(METER_B, bBefore.lastPulseMillis() + 1, bAfter.lastPulseMillis() + 1);
            assertEquals("pulses of B delivered vs stored during the swaps", delivered, stored);
            long expected = (bAfter.lastPulseMillis() - bBefore.lastPulseMillis()) / 100;
            assertTrue("B stored " + stored + " pulses where its rate gives " + expected,
                    Math.abs(stored - expected) <= Math.max(3, expected / 20));
        } finally {
            load.stop();
            for (org.osgi.service.cm.Configuration c : new org.osgi.service.cm.Configuration[] { udpA, simulatorA, simulatorB, meterA, meterB }) {
                if (c != null) {
                    c.delete();
                }
            }
            if (example != null && example.getState() != Bundle.UNINSTALLED) {
                example.uninstall();
            }
        }
        load.assertAllServed();
    }

    /**
     * A resource bundle written only against org.emon.api.rest (the example bundle's notes
     * resource), installed into the running container: it gets the token check, its declared
     * role, the strict JSON body within its declared limit and JSON errors without writing any of
     * them; uninstalled, its path is a JSON 404 again.
     */
    @Test
    public void t7_aResourceBundleInstalledAtRuntimeGetsTheWholePipeline() throws Exception {
        Map<String, String> admin = Map.of("X-Access-Token", http.login());
        String viewerName = "notes-viewer";
        Http.Answer created = http.sendJson("POST", "/api/v1/users", admin,
                "{\"name\":\"" + viewerName + "\",\"password\":\"viewer-password-1\",\"role\":\"viewer\"}");
        assertEquals(created.toString(), 201, created.status());
        Http.Answer viewerLogin = http.postJson("/api/login", "{\"username\":\"" + viewerName + "\",\"password\":\"viewer-password-1\"}");
        Map<String, String> viewer = Map.of("X-Access-Token", viewerLogin.json().get("token").asText());
        String notes = "/api/v1/example/notes";
        Bundle example = context.installBundle(System.getProperty(Containers.EXAMPLE_JAR_PROPERTY));
        try {
            example.start();
            Http.Answer first = awaitStatus(() -> http.sendJson("POST", notes, admin, "{\"text\":\"meter in the garage\"}"), 200);
            assertEquals(0, first.json().get("index").asInt());

            assertError(http.get(notes + "/0", Map.of()), 401, "Authentication required");
            assertEquals("meter in the garage", http.get(notes + "/0", viewer).json().get("text").asText());
            assertError(http.sendJson("POST", notes, viewer, "{\"text\":\"x\"}"), 403, "forbidden: this needs a user with the admin role");
            assertError(http.sendJson("POST", notes, admin, "{\"text\":\"" + "x".repeat(300) + "\"}"), 413, "request body over 256 bytes");
            assertError(http.sendJson("POST", notes, admin, "{\"text\":\"x\",\"colour\":\"red\"}"), 400, "unknown field 'colour'");
            assertError(http.sendJson("POST", notes, admin, "{\"text\":\"x\",\"text\":\"y\"}"), 400, "malformed JSON");
            assertError(http.sendJson("POST", notes, admin, "{\"text\":\"\"}"), 400, "text: required");
            assertError(http.get(notes + "/7", viewer), 404, "no note 7");
            assertError(http.send("POST", notes, admin, "text/plain", "{\"text\":\"x\"}"), 415, "the body must be JSON");
        } finally {
            example.uninstall();
            http.sendJson("DELETE", "/api/v1/users/" + viewerName, admin, "");
        }
        awaitStatus(() -> http.get(notes + "/0", admin), 404);
    }

    private interface Call {
        Http.Answer call() throws Exception;
    }

    /** The answer once it has the status (the REST layer rebuilds its application a moment after a bundle change). */
    private static Http.Answer awaitStatus(Call call, int status) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        Http.Answer answer = call.call();
        while (answer.status() != status && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            answer = call.call();
        }
        assertEquals(answer.toString(), status, answer.status());
        return answer;
    }

    private static void assertError(Http.Answer answer, int status, String message) {
        assertEquals(answer.toString(), status, answer.status());
        assertEquals(answer.toString(), status, answer.json().get("status").asInt());
        assertTrue(answer.toString(), answer.json().get("message").asText().contains(message));
    }

    /** What Karaf prints for a command that fails, or a command's own error line. */
    private static final Pattern CONSOLE_ERROR = Pattern.compile("(?im)^\\s*(error|command not found)");

    /**
     * Every console example of README.md and docs/ (found as {@link DocExamples} says) runs as
     * written, and every command they name exists. Runs last: the examples add users, give admin
     * a password (the one it has: a user types the test's password at every question) and rotate
     * the token key.
     */
    @Test
    public void t8_theConsoleExamplesOfTheDocsRunAsWritten() throws Exception {
        String password = System.getProperty(Containers.PASSWORD_PROPERTY);
        String typed = password + "\n" + password + "\n";
        assertTrue("the check sees a failing command", failure("emon:energy 21 --resolution day", typed) != null);

        Set<String> registered = new TreeSet<>();
        for (org.apache.karaf.shell.api.console.Command command : sessions.getRegistry().getCommands()) {
            registered.add(command.getScope() + ":" + command.getName());
        }
        Set<String> ran = new LinkedHashSet<>();
        List<String> failures = new ArrayList<>();
        for (DocExamples.Command command : DocExamples.in(java.nio.file.Path.of(System.getProperty(Containers.DOCS_ROOT_PROPERTY)))) {
            if (command.kind() == DocExamples.Kind.NAME && !registered.contains(command.text())) {
                failures.add(command + ": no such command");
            } else if (command.kind() == DocExamples.Kind.EXAMPLE && ran.add(command.text())) {
                String failure = failure(command.text(), typed);
                if (failure != null) {
                    failures.add(command + ": " + failure);
                }
            }
        }
        System.out.println("console examples of the docs run: " + ran);
        assertTrue("too few examples found: " + ran, ran.size() >= 10);
        assertEquals("console examples that fail as written:\n" + String.join("\n", failures), 0, failures.size());
    }

    /** Why a command failed (it threw, or printed an error), or null if it did not. */
    private String failure(String command, String typed) {
        try {
            String output = Console.type(sessions, command, typed);
            return CONSOLE_ERROR.matcher(output).find() ? "printed\n" + output : null;
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** Requests /api/ipu in a loop and remembers every answer that is not a 200. */
    private final class RestLoad {
        private final Map<String, String> auth;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger served = new AtomicInteger();
        private final StringBuffer failures = new StringBuffer();
        private final Thread thread = new Thread(this::run, "itest-rest-load");

        RestLoad(Map<String, String> auth) {
            this.auth = auth;
        }

        void start() {
            thread.start();
        }

        private void run() {
            while (running.get()) {
                try {
                    Http.Answer answer = http.get("/api/ipu", auth);
                    if (answer.status() == 200) {
                        served.incrementAndGet();
                    } else {
                        failures.append(answer.status()).append(' ').append(answer.body()).append('\n');
                    }
                    Thread.sleep(5);
                } catch (Exception e) {
                    failures.append(e).append('\n');
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (thread.isAlive()) {
                thread.join();
            }
        }

        void assertAllServed() {
            assertEquals("requests failed during the swaps:\n" + failures, 0, failures.length());
            assertTrue("load served only " + served.get(), served.get() > 20);
        }
    }

    private org.osgi.service.cm.Configuration create(String factoryPid, Object... keyValues) throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        org.osgi.service.cm.Configuration configuration = configurations.createFactoryConfiguration(factoryPid, "?");
        configuration.update(properties);
        return configuration;
    }

    /** Sends {@code count} datagrams timed {@code first}, {@code first + step}...; all of them are counted, once. */
    private void sendAndCount(int port, long first, long step, int count) throws Exception {
        awaitSource(METER_A, "udp :" + port);
        long before = queries.count(METER_A, first, first + step * count);
        assertEquals("pulses of A already in " + first, 0, before);
        send(port, first, step, count);
        long deadline = System.currentTimeMillis() + 10_000;
        long counted;
        do {
            appender.flush(1000);
            counted = queries.count(METER_A, first, first + step * count);
        } while (counted < count && System.currentTimeMillis() < deadline && sleep(50));
        // a little longer: a duplicate or a stray source would show up as more
        Thread.sleep(300);
        appender.flush(1000);
        assertEquals("pulses of A sent to udp :" + port + " from " + first, count, queries.count(METER_A, first, first + step * count));
    }

    private void sendWithoutSource(int port, long first, int count) throws Exception {
        send(port, first, 1, count);
        Thread.sleep(500);
        appender.flush(1000);
        assertEquals("pulses of A counted while its source bundle was stopped", 0, queries.count(METER_A, first, first + count));
    }

    private static void send(int port, long first, long step, int count) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int i = 0; i < count; i++) {
                byte[] payload = Long.toString(first + i * step).getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
            }
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitGrowth(int meterId) throws Exception {
        long now = System.currentTimeMillis();
        long deadline = now + 10_000;
        while (System.currentTimeMillis() < deadline) {
            appender.flush(1000);
            if (queries.count(meterId, now, Long.MAX_VALUE) >= 3) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("meter " + meterId + " counted no pulses within 10 s");
    }

    /** The meter's sources now, by name. */
    private Map<String, SourceStatus> sources(int meterId) throws Exception {
        Map<String, SourceStatus> sources = new TreeMap<>();
        for (ServiceReference<PulseSource> reference : context.getServiceReferences(PulseSource.class, null)) {
            PulseSource source = context.getService(reference);
            try {
                if (source != null && source.meterId() == meterId) {
                    sources.put(source.name(), source.status());
                }
            } finally {
                context.ungetService(reference);
            }
        }
        return sources;
    }

    private void awaitSource(int meterId, String name) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        Map<String, SourceStatus> sources;
        do {
            sources = sources(meterId);
            if (sources.size() == 1 && sources.containsKey(name)) {
                return;
            }
        } while (System.currentTimeMillis() < deadline && sleep(20));
        throw new AssertionError("meter " + meterId + " has sources " + sources.keySet() + ", not only " + name);
    }

    private void awaitNoSource(int meterId) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        Map<String, SourceStatus> sources;
        do {
            sources = sources(meterId);
            if (sources.isEmpty()) {
                return;
            }
        } while (System.currentTimeMillis() < deadline && sleep(20));
        throw new AssertionError("meter " + meterId + " still has sources " + sources.keySet());
    }

    /** A source's status read twice alike, so its pulse count and last pulse belong together. */
    private SourceStatus stableStatus(int meterId, String name) throws Exception {
        for (int i = 0; i < 100; i++) {
            SourceStatus first = sources(meterId).get(name);
            SourceStatus second = sources(meterId).get(name);
            if (first != null && first.pulsesDelivered() == second.pulsesDelivered()
                    && first.lastPulseMillis() == second.lastPulseMillis() && first.pulsesDelivered() > 0) {
                return first;
            }
            Thread.sleep(7);
        }
        throw new AssertionError("no stable status of " + name + " for meter " + meterId);
    }

    /**
     * The SSH console is not booted (it is installed on demand, docs/security.md): no SSH server
     * bundle, no BouncyCastle, nothing listening on sshPort; the component that installs it when
     * etc/org.emon.console.cfg asks is there, idle without that file.
     */
    @Test
    public void t7_noSshServerNorBouncyCastleUntilTheConsoleSettingAsksForIt() throws Exception {
        List<String> ssh = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().startsWith("org.apache.sshd") || b.getLocation().contains("bouncycastle")
                        || b.getSymbolicName().equals("org.apache.karaf.shell.ssh"))
                .map(Bundle::getLocation).collect(Collectors.toList());
        assertEquals("SSH bundles at boot", List.of(), ssh);
        org.osgi.service.cm.Configuration[] shell = configurations.listConfigurations("(service.pid=org.apache.karaf.shell)");
        assertTrue("etc/org.apache.karaf.shell.cfg is read", shell != null && shell.length == 1);
        int sshPort = Integer.parseInt(String.valueOf(shell[0].getProperties().get("sshPort")));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", sshPort), 2000);
            throw new AssertionError("something listens on sshPort " + sshPort);
        } catch (ConnectException expected) {
            // nothing listens
        }
        ComponentDescriptionDTO console = components.getComponentDescriptionDTOs().stream()
                .filter(c -> c.name.equals("org.emon.shell.internal.RemoteConsole")).findFirst()
                .orElseThrow(() -> new AssertionError("no component RemoteConsole"));
        assertEquals("require", console.configurationPolicy);
        assertEquals("org.emon.console", console.configurationPid[0]);
        assertEquals("RemoteConsole without etc/org.emon.console.cfg", List.of(), List.copyOf(components.getComponentConfigurationDTOs(console)));
    }

    /**
     * The SQLite store registers every capability of the store contract, and each consumer binds
     * exactly the capabilities it uses, all from that store; the store in turn tells the REST
     * bundle's energy answers of new pulses (a listener it binds, not a capability it offers).
     */
    @Test
    public void t7_theStoreOffersEachCapabilityAndConsumersBindOnlyWhatTheyUse() {
        Bundle sqlite = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().equals("org.emon.store.sqlite")).findFirst().orElseThrow();
        for (Class<?> capability : new Class<?>[] { PulseAppender.class, PulseQueries.class, StoreHealth.class,
                MeterTable.class, StoreFiles.class, Collector.class }) {
            ServiceReference<?> service = context.getServiceReference(capability);
            assertTrue(capability.getSimpleName() + " is not a registered service", service != null);
            assertEquals(capability.getSimpleName() + " registered by", sqlite, service.getBundle());
        }

        Map<String, Set<String>> expected = Map.ofEntries(
                Map.entry("org.emon.core.internal.PulseRouter", names(PulseAppender.class, MeterTable.class)),
                Map.entry("org.emon.core.internal.MeterRegistryImpl", names(MeterTable.class)),
                Map.entry("org.emon.core.internal.StatusServiceImpl", names(PulseQueries.class)),
                Map.entry("org.emon.aggregation.internal.EnergyServiceImpl", names(PulseQueries.class)),
                Map.entry("org.emon.rest.internal.IpuResource", names(PulseQueries.class)),
                Map.entry("org.emon.rest.internal.EnergyAnswers", names(PulseQueries.class)),
                Map.entry("org.emon.rest.internal.MetersResource", names(PulseQueries.class)),
                Map.entry("org.emon.rest.internal.PulsesResource", names(PulseQueries.class, PulseAppender.class)),
                Map.entry("org.emon.rest.internal.StatusResource", names(StoreHealth.class)),
                Map.entry("org.emon.rest.internal.MetricsResource", names(StoreHealth.class)),
                Map.entry("org.emon.store.sqlite.internal.CollectSchedule", names(Collector.class)),
                Map.entry("org.emon.mqtt.internal.MqttPublisher", names(PulseQueries.class)));
        Map<String, Set<String>> found = new TreeMap<>();
        for (ComponentDescriptionDTO component : components.getComponentDescriptionDTOs()) {
            Set<String> storeReferences = new TreeSet<>();
            for (ReferenceDTO reference : component.references) {
                if (reference.interfaceName.startsWith("org.emon.api.store.")
                        && !reference.interfaceName.equals(PulsesStoredListener.class.getName())) {
                    storeReferences.add(reference.interfaceName);
                }
            }
            if (storeReferences.isEmpty()) {
                continue;
            }
            found.put(component.name, new TreeSet<>(storeReferences));
            Collection<ComponentConfigurationDTO> configurations = components.getComponentConfigurationDTOs(component);
            if (configurations.isEmpty() && "require".equals(component.configurationPolicy)) {
                continue; // idle until configured (MQTT publishing without etc/org.emon.mqtt.cfg)
            }
            assertEquals(component.name + " active configurations", 1, configurations.size());
            for (SatisfiedReferenceDTO satisfied : configurations.iterator().next().satisfiedReferences) {
                ReferenceDTO reference = Arrays.stream(component.references)
                        .filter(r -> r.name.equals(satisfied.name)).findFirst().orElseThrow();
                if (!storeReferences.contains(reference.interfaceName)) {
                    continue;
                }
                assertEquals(component.name + " " + reference.interfaceName + " bound services", 1, satisfied.boundServices.length);
                ServiceReferenceDTO bound = satisfied.boundServices[0];
                assertEquals(component.name + " " + reference.interfaceName + " bound from bundle", sqlite.getBundleId(), bound.bundle);
                storeReferences.remove(reference.interfaceName);
            }
            assertTrue(component.name + " does not bind " + storeReferences, storeReferences.isEmpty());
        }
        assertEquals(new TreeMap<>(expected), found);

        Bundle rest = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals("org.emon.rest")).findFirst().orElseThrow();
        ComponentDescriptionDTO store = components.getComponentDescriptionDTO(sqlite, "org.emon.store.sqlite.internal.SqlitePulseStore");
        SatisfiedReferenceDTO listeners = Arrays.stream(components.getComponentConfigurationDTOs(store).iterator().next().satisfiedReferences)
                .filter(r -> r.name.equals("Listener")).findFirst().orElseThrow();
        assertEquals("the store's listeners", List.of(rest.getBundleId()),
                Arrays.stream(listeners.boundServices).map(b -> b.bundle).toList());
    }

    private static Set<String> names(Class<?>... types) {
        return Arrays.stream(types).map(Class::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }
}
