package org.emon.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The disk under the database fills up, for real: the distribution runs as a user runs it with its
 * database on a small file system of its own (a tmpfs of a few MB, mounted by the test: it needs
 * root, as .ci/run has), a client posts numbered batches over HTTP, and a filler file takes the
 * rest of the space. Then ingest must be refused at once with a 503 that says why (and
 * {@code Retry-After}), {@code /api/v1/status} and {@code emon:status} must say DISK_FULL, the
 * simulator's pulses must wait in the queue rather than be refused; once the filler is deleted,
 * commits must resume by themselves, the client's refused batches be taken, and after a clean stop
 * the database be intact with every acknowledged pulse exactly once. Its console is the SSH one,
 * installed while emon runs by the setting users have for it.
 */
public class DiskFullTest {

    /** The meter the client posts to: no source of its own, so its counters are the client's alone. */
    private static final int METER = 24;
    /** Meter 21 keeps the shipped simulator: the live source whose pulses must wait, not be refused. */
    private static final int LIVE_METER = 21;
    private static final int BATCH = 500;
    /** 2020-09-13: old (stored, not live power) and far from the simulator's pulses of today. */
    private static final long BASE_MILLIS = 1_600_000_000_000L;
    private static final String DISK_SIZE = "8m";
    private static final long START_LIMIT_SECONDS = 120;
    /** Far more batches than a few MB take; the disk fills long before. */
    private static final int MAX_BATCHES_TO_FILL = 3000;
    /** That the answer comes at once, not after the 30 s ingest waits for a commit; generous for a loaded machine. */
    private static final long REFUSAL_LIMIT_SECONDS = 10;
    private static final String CONSOLE_USER = "diskfull";
    /** The version of Karaf 4.4.10's feature ssh; itests/pom.xml puts it into the build's Maven repository. */
    private static final String BOUNCY_CASTLE = "1.83";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Path disk = Path.of("target/disk-full-db").toAbsolutePath();
    private final Set<Long> acknowledged = new HashSet<>();
    /** Batches answered 503 and not yet taken: the client keeps them and sends them again once space is back. */
    private final List<Long> refused = new ArrayList<>();
    private int refusals;
    private final String consolePassword = UUID.randomUUID().toString();
    private long nextBatch;
    private int httpPort;
    private String token;
    private KarafProcess karaf;
    private boolean mounted;

    private record Answer(int status, String body, String retryAfter, double seconds) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    @Test
    public void aFullDiskRefusesIngestClearlyLosesNothingAndCountingResumesByItself() throws Exception {
        mountSmallDisk();
        Path home = UnpackedDistribution.unpack(Path.of("target/disk-full").toAbsolutePath());
        httpPort = UnpackedDistribution.freePort();
        UnpackedDistribution.setProperty(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", Integer.toString(httpPort));
        int sshPort = UnpackedDistribution.freePort();
        UnpackedDistribution.setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(sshPort));
        UnpackedDistribution.setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshHost", "127.0.0.1");
        UnpackedDistribution.setProperty(home.resolve("etc/org.emon.store.sqlite.cfg"), "path", disk.resolve("emon.db").toString());
        Path remote = home.resolve("etc/org.emon.meter-remote.cfg");
        UnpackedDistribution.setProperty(remote, "id", Integer.toString(METER));
        UnpackedDistribution.setProperty(remote, "description", "Remote meter");
        UnpackedDistribution.setProperty(remote, "kind", "electricity");
        UnpackedDistribution.setProperty(remote, "impulses.per.unit", "1000");
        Files.writeString(home.resolve("etc/users.properties"), "\n" + CONSOLE_USER + " = " + consolePassword + ",_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        karaf = new KarafProcess("DiskFullTest", home, httpPort);
        karaf.start();
        token = karaf.login(START_LIMIT_SECONDS);
        for (int i = 0; i < 5; i++) {
            Answer answer = post(nextBatch++);
            assertEquals("a batch on a disk with room: " + answer.body(), 200, answer.status());
        }
        JsonNode before = store();
        assertEquals("OK", before.get("state").asText());
        sshConsoleComesWhenAskedForWithoutRestartingEmon(home, sshPort);
        assertTrue("free space before the filler: " + before, before.get("freeBytes").asLong() > 1_000_000);

        long filledAt = nextBatch;
        fill();
        Answer first = postUntilRefused();
        long takenOnFullDisk = nextBatch - 1 - filledAt; // committed into the room the write-ahead log still had
        log("the first refusal after %d batches: %d %s (Retry-After %s)", nextBatch, first.status(), first.body(), first.retryAfter());
        assertRefusedForFullDisk(first);
        assertTrue("the first refusal took " + first.seconds() + " s", first.seconds() < REFUSAL_LIMIT_SECONDS);

        JsonNode full = store();
        log("store while full: %s", full);
        assertEquals("DISK_FULL", full.get("state").asText());
        assertTrue(full.get("failing").asBoolean());
        assertTrue("free bytes on the full disk: " + full, full.get("freeBytes").asLong() < 1_000_000);
        assertTrue(full.get("stateDetail").asText(), full.get("stateDetail").asText().contains(" free on " + disk));
        String console = karaf.console(CONSOLE_USER, consolePassword, "emon:status");
        log("emon:status while full:%n%s", console);
        assertTrue(console, console.contains("Store: ") && console.contains("DISK FULL: ") && console.contains(" free on " + disk));

        // from now on refused at once, every time, with the store's reason
        double slowest = 0;
        for (int i = 0; i < 3; i++) {
            Answer again = post(nextBatch++);
            assertRefusedForFullDisk(again);
            assertTrue("a refusal took " + again.seconds() + " s", again.seconds() < REFUSAL_LIMIT_SECONDS);
            assertTrue(again.body(), again.json().get("message").asText().contains("again by itself once space is freed"));
            slowest = Math.max(slowest, again.seconds());
        }
        // the simulator's pulses wait in the queue meanwhile: received, neither committed nor refused
        JsonNode liveWhileFull = meter(store(), LIVE_METER);
        waitFor("a simulator pulse while the disk is full", () -> meter(store(), LIVE_METER).get("received").asLong()
                > liveWhileFull.get("received").asLong());
        JsonNode liveLater = meter(store(), LIVE_METER);
        assertEquals("simulator pulses committed on a full disk", liveWhileFull.get("committed").asLong(), liveLater.get("committed").asLong());
        assertEquals("simulator pulses refused", 0, liveLater.get("refused").asLong());
        assertTrue("refusals are counted: " + meter(store(), METER), meter(store(), METER).get("refused").asLong() >= 3L * BATCH);

        Files.delete(disk.resolve("filler"));
        long freed = System.nanoTime();
        waitFor("the store's state OK again after space was freed", () -> "OK".equals(store().get("state").asText()));
        double resumed = (System.nanoTime() - freed) / 1e9;
        // for benchmarks/diskfull.sh: speed is reported there, never asserted beyond liveness
        log("figures: batches_taken_after_fill=%d first_refusal_ms=%.0f slowest_refusal_ms=%.0f resumed_ms=%.0f",
                takenOnFullDisk, first.seconds() * 1000, slowest * 1000, resumed * 1000);
        JsonNode recovered = store();
        log("store after space was freed: %s", recovered);
        assertTrue("the simulator's queued pulses committed", meter(recovered, LIVE_METER).get("committed").asLong()
                > liveLater.get("committed").asLong());
        assertEquals(0, meter(recovered, LIVE_METER).get("refused").asLong());
        String consoleAfter = karaf.console(CONSOLE_USER, consolePassword, "emon:status");
        assertTrue(consoleAfter, consoleAfter.contains("Store: ") && !consoleAfter.contains("DISK FULL"));

        // the client sends what was refused again, and goes on
        for (long batch : List.copyOf(refused)) {
            Answer resent = post(batch);
            assertEquals("a refused batch sent again: " + resent.body(), 200, resent.status());
        }
        for (int i = 0; i < 5; i++) {
            Answer more = post(nextBatch++);
            assertEquals("a batch after space was freed: " + more.body(), 200, more.status());
        }
        karaf.stopCleanly();
        int stored = NumberedBatches.verify(disk.resolve("emon.db"), METER, BASE_MILLIS, BATCH, BASE_MILLIS + nextBatch * BATCH,
                acknowledged, "after the full disk and a clean stop");
        assertEquals("every batch, refused ones sent again, stored once", nextBatch * BATCH, stored);
        assertTrue("batches still refused: " + refused, refused.isEmpty());
        log("%d batches, %d refusals, every refused batch sent again and taken; every acknowledged pulse stored once;"
                + " integrity ok", nextBatch, refusals);
    }

    @After
    public void cleanUp() throws Exception {
        if (karaf != null) {
            karaf.killHard();
        }
        if (mounted && run("umount", disk.toString()) != null) {
            run("umount", "-l", disk.toString());
        }
    }

    /**
     * The SSH console is not booted; the setting of docs/security.md installs it while emon runs,
     * with BouncyCastle put into system/ as that page says for a machine without internet (here
     * from the build's Maven repository, so no network is needed), and emon goes on undisturbed:
     * the store's counters, which start from 0 when its bundle starts, are where they were.
     */
    private void sshConsoleComesWhenAskedForWithoutRestartingEmon(Path home, int sshPort) throws Exception {
        assertFalse("something listens on sshPort " + sshPort + " before the SSH console is asked for", listens(sshPort));
        long committed = meter(store(), METER).get("committed").asLong();
        assertEquals(5L * BATCH, committed);
        Path repository = Path.of(System.getProperty("org.ops4j.pax.url.mvn.localRepository"));
        for (String jar : List.of("bcprov", "bcpkix", "bcutil")) {
            Path path = Path.of("org/bouncycastle", jar + "-jdk18on", BOUNCY_CASTLE, jar + "-jdk18on-" + BOUNCY_CASTLE + ".jar");
            Files.createDirectories(home.resolve("system").resolve(path).getParent());
            Files.copy(repository.resolve(path), home.resolve("system").resolve(path));
        }
        Files.writeString(home.resolve("etc/org.emon.console.cfg"), "ssh = true\n", StandardCharsets.UTF_8);
        waitFor("SSH console on port " + sshPort + " after etc/org.emon.console.cfg asked for it", () -> listens(sshPort));
        log("SSH console listening on port %d", sshPort);
        assertEquals("pulses counted before the SSH console came (a restart of the store would have reset them)", committed,
                meter(store(), METER).get("committed").asLong());
    }

    private static boolean listens(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }

    /** A tmpfs of {@link #DISK_SIZE} for the database: a real file system that runs out of space (ENOSPC). */
    private void mountSmallDisk() throws Exception {
        Files.createDirectories(disk);
        if (run("mountpoint", "-q", disk.toString()) == null) {
            run("umount", disk.toString()); // left by a run that was killed
        }
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + DISK_SIZE + ",mode=0755", "emon-disk-full", disk.toString());
        if (failure != null) {
            fail("DiskFullTest mounts a " + DISK_SIZE + " tmpfs for the database and needs root for it (.ci/run runs as root): " + failure);
        }
        mounted = true;
    }

    /** Takes every free byte of the small disk. */
    private void fill() throws IOException {
        byte[] block = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(disk.resolve("filler"))) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        log("filler: %d bytes written, %d bytes left", written, Files.getFileStore(disk).getUsableSpace());
    }

    /**
     * Posts new batches until one is refused: SQLite first fills the room its write-ahead log already
     * has, then runs out. Each batch answered 200 is acknowledged.
     */
    private Answer postUntilRefused() throws Exception {
        while (nextBatch < MAX_BATCHES_TO_FILL) {
            Answer answer = post(nextBatch++);
            if (answer.status() == 503) {
                return answer;
            }
            assertEquals("a batch while the disk fills: " + answer.body(), 200, answer.status());
        }
        throw new AssertionError(MAX_BATCHES_TO_FILL + " batches stored on a full " + DISK_SIZE + " disk: " + store());
    }

    /** A 503 that says the disk is full, asks to retry, and says when. */
    private void assertRefusedForFullDisk(Answer answer) throws IOException {
        assertEquals(answer.body(), 503, answer.status());
        String message = answer.json().get("message").asText();
        assertEquals(503, answer.json().get("status").asInt());
        assertTrue(message, message.startsWith("the store cannot take the batch now: the disk holding the pulse store's database is full ("));
        assertTrue(message, message.contains(" free on " + disk) && message.endsWith("; retry later"));
        assertEquals("30", answer.retryAfter());
    }

    private Answer post(long batch) throws Exception {
        long first = BASE_MILLIS + batch * BATCH;
        HttpRequest request = NumberedBatches.request(httpPort, token, METER, BASE_MILLIS, BATCH, batch, Duration.ofSeconds(60));
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Answer answer = new Answer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After").orElse(null),
                (System.nanoTime() - start) / 1e9);
        if (answer.status() == 200) {
            JsonNode counts = answer.json();
            assertEquals(answer.body(), BATCH, counts.get("accepted").asInt() + counts.get("duplicates").asInt());
            for (int i = 0; i < BATCH; i++) {
                acknowledged.add(first + i);
            }
            refused.remove(batch);
        } else if (answer.status() == 503) {
            refusals++;
            if (!refused.contains(batch)) {
                refused.add(batch);
            }
        }
        return answer;
    }

    private JsonNode store() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/status"))
                .timeout(Duration.ofSeconds(10)).header("X-Access-Token", token).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(response.body(), 200, response.statusCode());
        return JSON.readTree(response.body()).get("store");
    }

    private static JsonNode meter(JsonNode store, int id) {
        for (JsonNode meter : store.get("meters")) {
            if (meter.get("meterId").asInt() == id) {
                return meter;
            }
        }
        throw new AssertionError("no counters of meter " + id + " in " + store);
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Liveness, not speed: waits up to 60 s. */
    private void waitFor(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within 60 s: " + store());
            }
            Thread.sleep(50);
        }
    }

    /** Runs a command; {@code null} if it exited 0, else its output and exit code. */
    private static String run(String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not return within 30 s";
        }
        return process.exitValue() == 0 ? null : String.join(" ", command) + " exited " + process.exitValue() + ": " + output;
    }

    private void log(String format, Object... args) {
        System.out.printf("DiskFullTest %.1f s: %s%n", karaf.seconds(), String.format(format, args));
    }
}
