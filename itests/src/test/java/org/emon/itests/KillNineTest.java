package org.emon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
    private KarafProcess karaf;

    @Test
    public void aKilledProcessLosesNoAcknowledgedPulse() throws Exception {
        home = UnpackedDistribution.unpack(Path.of("target/kill9").toAbsolutePath());
        httpPort = UnpackedDistribution.freePort();
        UnpackedDistribution.setProperty(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", Integer.toString(httpPort));
        UnpackedDistribution.setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(UnpackedDistribution.freePort()));
        karaf = new KarafProcess("KillNineTest", home, httpPort);

        for (int round = 1; round <= ROUNDS; round++) {
            karaf.start();
            String token = karaf.login(START_LIMIT_SECONDS);
            karaf.awaitRootPointer();
            int batches = postThenKill(token, round);
            assertTrue("round " + round + ": only " + batches + " batches acknowledged before the kill; the test proves nothing",
                    batches >= MIN_BATCHES_PER_ROUND);
            // the files exactly as the kill left them, before emon's restart touches them
            verify(snapshot(round), "after kill " + round);
        }

        karaf.start();
        karaf.login(START_LIMIT_SECONDS); // emon comes back after the last kill
        karaf.awaitRootPointer();
        karaf.stopCleanly();
        verify(home.resolve("data/emon.db"), "after a clean restart and stop");

        // the first clean stop wrote emon's class-data sharing archive (bin/setenv); the next start maps it
        Path archive;
        try (Stream<Path> files = Files.list(home.resolve("data/cds"))) {
            archive = files.filter(p -> p.getFileName().toString().matches("emon-\\d+\\.jsa")).findFirst()
                    .orElseThrow(() -> new AssertionError("no archive in data/cds after a clean stop"));
        }
        karaf.start();
        karaf.login(START_LIMIT_SECONDS);
        assertThat(karaf.mappedFiles()).as("files the JVM maps").contains(archive.toRealPath().toString())
                .anyMatch(f -> f.endsWith("/lib/server/classes.jsa")); // the JDK's own archive: class-data sharing is on
        karaf.stopCleanly();
    }

    @After
    public void killLeftovers() {
        if (karaf != null) {
            karaf.killHard(); // whatever failed, no Karaf outlives the test
        }
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
        karaf.killHard();
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
            long n = nextBatch.getAndIncrement();
            long first = BASE_MILLIS + n * BATCH;
            HttpRequest request = NumberedBatches.request(httpPort, token, METER, BASE_MILLIS, BATCH, n, Duration.ofSeconds(10));
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
        int stored = NumberedBatches.verify(database, METER, BASE_MILLIS, BATCH, BASE_MILLIS + nextBatch.get() * BATCH, acknowledged, when);
        System.out.printf("KillNineTest %.1f s, %s: %d acknowledged pulses present once among %d stored; integrity ok%n",
                seconds(), when, acknowledged.size(), stored);
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

    private double seconds() {
        return karaf.seconds();
    }
}
