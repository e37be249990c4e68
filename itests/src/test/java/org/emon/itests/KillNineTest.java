package org.emon.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Test;

/**
 * Issue 3, guarantee 1, for real: the distribution runs as a user runs it ({@code bin/karaf
 * server}), clients post numbered batches to {@code POST /api/v1/meters/21/pulses}, and the JVM is
 * killed with SIGKILL at a random moment, three times. Every pulse whose request was answered 2xx
 * must then be in the database exactly once, and SQLite must find the database intact.
 *
 * <p>A plain JUnit test, not Pax Exam: Pax Exam's container is not a process this test may kill.
 */
public class KillNineTest {

    private static final int METER = 21;
    private static final int ROUNDS = 3;
    private static final int BATCH = 100;
    /** Several in-flight requests, so that the kill hits requests in every stage. */
    private static final int CLIENTS = 8;
    /** A round that acknowledged fewer proves little. */
    private static final int MIN_BATCHES_PER_ROUND = 10;
    /** That emon comes back at all after a kill, not how fast (a loaded 2-core machine took 33 s to reach the store). */
    private static final long START_LIMIT_SECONDS = 120;
    /** 2020-09-13: old (stored, not live power) and far from the simulator's pulses of today. */
    private static final long BASE_MILLIS = 1_600_000_000_000L;
    private static final Pattern ANSWER = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+).*\"duplicates\"\\s*:\\s*(\\d+)", Pattern.DOTALL);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextBatch = new AtomicLong();
    private Path home;
    private int httpPort;
    private Process karaf;
    private int starts;
    private final long began = System.nanoTime();

    @Test
    public void aKilledProcessLosesNoAcknowledgedPulse() throws Exception {
        home = UnpackedDistribution.unpack(Path.of("target/kill9").toAbsolutePath());
        httpPort = UnpackedDistribution.freePort();
        UnpackedDistribution.setProperty(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", Integer.toString(httpPort));
        UnpackedDistribution.setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(UnpackedDistribution.freePort()));

        for (int round = 1; round <= ROUNDS; round++) {
            start();
            String token = login();
            awaitRootPointer();
            int batches = postThenKill(token, round);
            assertTrue("round " + round + ": only " + batches + " batches acknowledged before the kill; the test proves nothing",
                    batches >= MIN_BATCHES_PER_ROUND);
            // the files exactly as the kill left them, before emon's restart touches them
            verify(snapshot(round), "after kill " + round);
        }

        start();
        login(); // emon comes back after the last kill
        awaitRootPointer();
        stopCleanly();
        verify(home.resolve("data/emon.db"), "after a clean restart and stop");
    }

    @After
    public void killLeftovers() {
        killHard(); // whatever failed, no Karaf outlives the test
    }

    /** Posts batches from several clients until the JVM is killed 1-3 s in; batches acknowledged in the round. */
    private int postThenKill(String token, int round) throws InterruptedException {
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger batches = new AtomicInteger();
        AtomicReference<String> unexpected = new AtomicReference<>();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Thread client = new Thread(() -> post(token, killed, batches, unexpected), "kill9-client-" + round + "-" + c);
            client.start();
            clients.add(client);
        }
        Thread.sleep(ThreadLocalRandom.current().nextLong(1000, 3001));
        killed.set(true); // set first: a client failing from now on is the kill's doing
        killHard();
        for (Thread client : clients) {
            client.join(15_000);
        }
        assertNull("round " + round + ": unexpected answer", unexpected.get());
        System.out.printf("KillNineTest %.1f s, round %d: %d batches acknowledged, %d pulses acknowledged in all%n",
                seconds(), round, batches.get(), acknowledged.size());
        return batches.get();
    }

    private void post(String token, AtomicBoolean killed, AtomicInteger batches, AtomicReference<String> unexpected) {
        while (!killed.get()) {
            long first = BASE_MILLIS + nextBatch.getAndIncrement() * BATCH;
            StringJoiner body = new StringJoiner(",", "{\"timestamps\":[", "]}");
            for (int i = 0; i < BATCH; i++) {
                body.add(Long.toString(first + i));
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/meters/" + METER + "/pulses"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json").header("X-Access-Token", token)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (!killed.get()) {
                    unexpected.compareAndSet(null, "request failed before the kill: " + e);
                }
                return;
            } catch (InterruptedException e) {
                return;
            }
            if (response.statusCode() / 100 == 2) {
                Matcher m = ANSWER.matcher(response.body());
                if (!m.find() || Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)) != BATCH) {
                    unexpected.compareAndSet(null, "2xx answer that does not count the batch: " + response.body());
                    return;
                }
                for (int i = 0; i < BATCH; i++) {
                    acknowledged.add(first + i);
                }
                batches.incrementAndGet();
            } else if (response.statusCode() != 503) { // 503: not stored, the client would retry; not acknowledged
                unexpected.compareAndSet(null, response.statusCode() + " " + response.body());
                return;
            }
        }
    }

    /** Every acknowledged pulse exactly once, no other pulse in their range, and an intact database. */
    private void verify(Path database, String when) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement sql = db.createStatement()) {
            try (ResultSet rs = sql.executeQuery("PRAGMA integrity_check")) {
                assertTrue(rs.next());
                assertEquals(when + ": integrity_check", "ok", rs.getString(1));
            }
            long end = BASE_MILLIS + nextBatch.get() * BATCH;
            Set<Long> stored = new HashSet<>();
            long rows = 0;
            try (ResultSet rs = sql.executeQuery("SELECT ts FROM pulse WHERE meter_id = " + METER
                    + " AND ts >= " + BASE_MILLIS + " AND ts < " + end)) {
                while (rs.next()) {
                    stored.add(rs.getLong(1));
                    rows++;
                }
            }
            assertEquals(when + ": the same pulse stored twice", stored.size(), rows);
            Set<Long> lost = new HashSet<>(acknowledged);
            lost.removeAll(stored);
            assertTrue(when + ": " + lost.size() + " of " + acknowledged.size() + " acknowledged pulses lost, e.g. "
                    + lost.stream().sorted().limit(5).toList(), lost.isEmpty());
            // only whole batches: a batch is committed as one unit or not at all
            try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM (SELECT (ts - " + BASE_MILLIS + ") / " + BATCH + " AS b, count(*) AS n"
                    + " FROM pulse WHERE meter_id = " + METER + " AND ts >= " + BASE_MILLIS + " AND ts < " + end
                    + " GROUP BY b HAVING n <> " + BATCH + ")")) {
                assertTrue(rs.next());
                assertEquals(when + ": batches stored in part", 0, rs.getLong(1));
            }
            // the 15-minute rollups (slot counts and running totals) agree with the pulses, slot by slot
            String fromPulses = "SELECT meter_id, slot, n, coalesce(sum(n) OVER (PARTITION BY meter_id ORDER BY slot"
                    + " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before FROM (SELECT meter_id,"
                    + " ts - ((ts % 900000) + 900000) % 900000 AS slot, count(*) AS n FROM pulse GROUP BY 1, 2)";
            String rollup = "SELECT meter_id, start_ts, pulses, pulses_before FROM rollup";
            try (ResultSet rs = sql.executeQuery("WITH f AS (" + fromPulses + ") SELECT"
                    + " (SELECT count(*) FROM (" + rollup + " EXCEPT SELECT * FROM f))"
                    + " + (SELECT count(*) FROM (SELECT * FROM f EXCEPT " + rollup + "))")) {
                assertTrue(rs.next());
                assertEquals(when + ": rollup rows that differ from the pulses", 0, rs.getLong(1));
            }
            System.out.printf("KillNineTest %.1f s, %s: %d acknowledged pulses present once among %d stored; integrity ok%n",
                    seconds(), when, acknowledged.size(), stored.size());
        }
    }

    /** A copy of the database and its WAL as the killed process left them. */
    private Path snapshot(int round) throws IOException {
        Path dir = Files.createDirectories(home.resolveSibling("snapshot-" + round));
        for (String name : List.of("emon.db", "emon.db-wal")) {
            Path file = home.resolve("data").resolve(name);
            if (Files.exists(file)) {
                Files.copy(file, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir.resolve("emon.db");
    }

    private void start() throws IOException {
        starts++;
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolveSibling("karaf-" + starts + ".out").toFile());
        builder.environment().put("EMON_ADMIN_PASSWORD", System.getProperty("emon.test.admin.password"));
        karaf = builder.start();
    }

    /** Waits for the REST API (the first start creates the admin user); a token. */
    private String login() throws Exception {
        String body = "{\"username\":\"admin\",\"password\":\"" + System.getProperty("emon.test.admin.password") + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/login"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_LIMIT_SECONDS);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!karaf.isAlive()) {
                fail("Karaf exited with " + karaf.exitValue() + " during start " + starts + ", see target/kill9/karaf-" + starts + ".out");
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    System.out.printf("KillNineTest %.1f s, start %d: logged in%n", seconds(), starts);
                    Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
                    assertTrue("no token in " + response.body(), m.find());
                    return m.group(1);
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("emon did not answer a login within " + START_LIMIT_SECONDS + " s of start " + starts + ": " + last);
    }

    /**
     * Also the whiteboard servlet at / (org.emon.http) is back after each kill: GET / points to the
     * API, not Jetty's HTML 404.
     */
    private void awaitRootPointer() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && response.body().contains("\"api\":\"/api/v1\"")) {
                return;
            }
            last = response.statusCode() + " " + response.body();
            Thread.sleep(100);
        }
        throw new AssertionError("GET / after start " + starts + " answered " + last);
    }

    /**
     * SIGKILL to the JVM, then to the script that started it. {@code bin/karaf server} runs java as
     * a child (it execs only in daemon mode), so the JVM is a descendant of {@code karaf}.
     */
    private void killHard() {
        if (karaf == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(karaf.toHandle().descendants().toList());
        all.add(karaf.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("process " + p.pid() + " survived SIGKILL", e);
            }
        }
        karaf = null;
    }

    /** Karaf's own way ({@code bin/stop}: the shutdown port), so that the store closes the database. */
    private void stopCleanly() throws Exception {
        Process stop = new ProcessBuilder(home.resolve("bin/stop").toString()).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolveSibling("stop.out").toFile()).start();
        assertTrue("bin/stop did not return", stop.waitFor(30, TimeUnit.SECONDS));
        assertTrue("Karaf did not stop within 30 s of bin/stop", karaf.waitFor(30, TimeUnit.SECONDS));
        karaf = null;
    }

    private double seconds() {
        return (System.nanoTime() - began) / 1e9;
    }
}
