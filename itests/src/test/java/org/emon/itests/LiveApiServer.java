package org.emon.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The emon distribution as a user runs it, booted ONCE for all LiveApi*Test classes: the tar.gz
 * unpacked into target/live-api, free ports, {@code bin/emon-https} run on it, then
 * {@code bin/karaf server} as a real process with {@code EMON_ADMIN_PASSWORD} set. Started on first
 * use; stopped by {@link LiveApiSuiteListener} after the last LiveApi class, or at the latest by a
 * shutdown hook, so no Karaf outlives the test JVM.
 */
final class LiveApiServer {

    static final String ADMIN = "admin";

    /**
     * Settings written to etc/org.emon.auth.jwt.cfg before the boot: a short login back-off, so
     * that {@link LiveApiThrottleTest}'s "later" is seconds, not minutes.
     */
    static final Map<String, String> AUTH_CONFIG = Map.of("login.backoff.initial.seconds", "1", "login.backoff.max.seconds", "2");

    private static LiveApiServer running;
    private static boolean hookInstalled;

    final Path home;
    final int httpPort;
    final int httpsPort;
    final String password;
    final String httpsScriptOutput;
    private final Process karaf;
    private final long startedNanos = System.nanoTime();
    private String adminToken;
    private long adminTokenNanos;

    private LiveApiServer(Path home, int httpPort, int httpsPort, String password, String httpsScriptOutput, Process karaf) {
        this.home = home;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
        this.password = password;
        this.httpsScriptOutput = httpsScriptOutput;
        this.karaf = karaf;
    }

    /** The running distribution, booted on the first call. */
    static synchronized LiveApiServer get() {
        if (running == null) {
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(LiveApiServer::stopIfRunning, "live-api-stop"));
                hookInstalled = true;
            }
            try {
                running = boot();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return running;
    }

    static synchronized void stopIfRunning() {
        if (running != null) {
            running.stop();
            running = null;
        }
    }

    /** An admin token, logged in once (from 127.0.0.1, as every other client of the suite) and renewed before it expires. */
    synchronized String adminToken() {
        if (adminToken == null || System.nanoTime() - adminTokenNanos > TimeUnit.MINUTES.toNanos(30)) {
            LiveApiHttp.Response r = LiveApiHttp.request("POST", "/api/login").json(loginJson(ADMIN, password)).send(this);
            if (r.status() != 200) {
                throw new AssertionError("admin login failed: " + r);
            }
            adminToken = r.json().get("token").asText();
            adminTokenNanos = System.nanoTime();
        }
        return adminToken;
    }

    static String loginJson(String username, String password) {
        return LiveApiHttp.JSON.createObjectNode().put("username", username).put("password", password).toString();
    }

    double seconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static LiveApiServer boot() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        String password = System.getProperty("emon.test.admin.password");
        if (password == null || password.length() < 8) {
            throw new AssertionError("system property emon.test.admin.password (8+ characters) is not set: run through Maven");
        }
        Path dir = Path.of("target/live-api").toAbsolutePath();
        Path home = UnpackedDistribution.unpack(dir);
        int http = UnpackedDistribution.freePort();
        int https = UnpackedDistribution.freePort();
        UnpackedDistribution.setProperty(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", Integer.toString(http));
        UnpackedDistribution.setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(UnpackedDistribution.freePort()));
        Path management = home.resolve("etc/org.apache.karaf.management.cfg");
        if (Files.exists(management)) {
            UnpackedDistribution.setProperty(management, "rmiRegistryPort", Integer.toString(UnpackedDistribution.freePort()));
            UnpackedDistribution.setProperty(management, "rmiServerPort", Integer.toString(UnpackedDistribution.freePort()));
        }
        for (Map.Entry<String, String> e : AUTH_CONFIG.entrySet()) {
            UnpackedDistribution.setProperty(home.resolve("etc/org.emon.auth.jwt.cfg"), e.getKey(), e.getValue());
        }
        String httpsOutput = run(home, dir.resolve("emon-https.out"), home.resolve("bin/emon-https").toString(), "--port", Integer.toString(https));

        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("karaf.out").toFile());
        builder.environment().put("EMON_ADMIN_PASSWORD", password);
        Process karaf = builder.start();
        LiveApiServer server = new LiveApiServer(home, http, https, password, httpsOutput, karaf);
        try {
            server.awaitLogin(Duration.ofSeconds(90));
        } catch (RuntimeException | Error e) {
            server.stop();
            throw new AssertionError(e.getMessage() + "\n" + keepLog(home, dir), e);
        }
        System.out.printf("LiveApiServer: emon answered a login %.1f s after unpacking (http %d, https %d, %s)%n",
                (System.nanoTime() - t0) / 1e9, http, https, home);
        return server;
    }

    /** The failed instance's log, kept beside it (the next boot unpacks afresh), and its warnings. */
    private static String keepLog(Path home, Path dir) {
        try {
            Path log = home.resolve("data/log/karaf.log");
            if (!Files.exists(log)) {
                return "no karaf.log";
            }
            Path kept = dir.resolveSibling("live-api-failed-" + System.currentTimeMillis() + ".log");
            Files.copy(log, kept);
            List<String> warnings = Files.readAllLines(log).stream().filter(l -> l.contains("| WARN") || l.contains("| ERROR")).toList();
            return "karaf.log kept as " + kept + "; its warnings and errors:\n"
                    + String.join("\n", warnings.subList(Math.max(0, warnings.size() - 30), warnings.size()));
        } catch (IOException e) {
            return "karaf.log not readable: " + e;
        }
    }

    private void awaitLogin(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!karaf.isAlive()) {
                throw new AssertionError("Karaf exited with " + karaf.exitValue() + ", see target/live-api/karaf.out");
            }
            try {
                adminToken();
                return;
            } catch (AssertionError | UncheckedIOException e) {
                last = e.getMessage();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("emon did not answer a login within " + timeout.toSeconds() + " s: " + last);
    }

    /** SIGTERM (Karaf's shutdown hook closes the store), SIGKILL if it takes over 15 s. */
    private void stop() {
        List<ProcessHandle> all = new ArrayList<>(karaf.toHandle().descendants().toList());
        all.add(karaf.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        System.out.printf("LiveApiServer: stopped after %.1f s%n", seconds());
    }

    /** Runs a command in {@code dir}; its output (also kept in {@code log}); fails on a non-zero exit. */
    static String run(Path dir, Path log, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + output);
        }
        return output;
    }
}
