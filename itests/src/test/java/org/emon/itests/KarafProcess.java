package org.emon.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An unpacked distribution run as a user runs it ({@code bin/karaf server}, a real process with
 * {@code EMON_ADMIN_PASSWORD} set), started, logged in to, stopped or killed by a test
 * (KillNineTest, DiskFullTest). Each start's output goes to {@code karaf-N.out} beside the home.
 */
final class KarafProcess {

    private final String test;
    private final Path home;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final long began = System.nanoTime();
    private Process karaf;
    private int starts;

    KarafProcess(String test, Path home, int httpPort) {
        this.test = test;
        this.home = home;
        this.httpPort = httpPort;
    }

    /** Seconds since this object was made, for the test's progress lines. */
    double seconds() {
        return (System.nanoTime() - began) / 1e9;
    }

    void start() throws IOException {
        starts++;
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(output(starts).toFile());
        builder.environment().put("EMON_ADMIN_PASSWORD", System.getProperty("emon.test.admin.password"));
        karaf = builder.start();
    }

    private Path output(int start) {
        return home.resolveSibling("karaf-" + start + ".out");
    }

    /** Waits for the REST API (the first start creates the admin user) at most {@code limitSeconds}; a token. */
    String login(long limitSeconds) throws Exception {
        String body = "{\"username\":\"admin\",\"password\":\"" + System.getProperty("emon.test.admin.password") + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/login"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!karaf.isAlive()) {
                fail("Karaf exited with " + karaf.exitValue() + " during start " + starts + ", see " + output(starts));
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    System.out.printf("%s %.1f s, start %d: logged in%n", test, seconds(), starts);
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
        throw new AssertionError("emon did not answer a login within " + limitSeconds + " s of start " + starts + ": " + last);
    }

    /**
     * Also the whiteboard servlet at / (org.emon.http) is up: GET / points to the API, not Jetty's
     * HTML 404.
     */
    void awaitRootPointer() throws Exception {
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
     * What a console command prints, run as a script runs it: {@code echo 'command' | bin/client -u
     * USER -p PASSWORD -b} (a console user in etc/users.properties).
     */
    String console(String user, String password, String command) throws Exception {
        Path out = home.resolveSibling("client.out");
        Process client = new ProcessBuilder(home.resolve("bin/client").toString(), "-u", user, "-p", password, "-b")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        client.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().close();
        assertTrue("bin/client did not return within 60 s", client.waitFor(60, TimeUnit.SECONDS));
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /**
     * SIGKILL to the JVM, then to the script that started it. {@code bin/karaf server} runs java as
     * a child (it execs only in daemon mode), so the JVM is a descendant of {@code karaf}.
     */
    void killHard() {
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

    /** The files the running JVM (bin/karaf's child) has mapped into memory, from /proc/PID/maps. */
    List<String> mappedFiles() throws IOException {
        ProcessHandle jvm = karaf.toHandle().descendants().filter(p -> p.info().command().orElse("").endsWith("/java"))
                .findFirst().orElseThrow(() -> new AssertionError("no java process under bin/karaf"));
        return Files.readAllLines(Path.of("/proc/" + jvm.pid() + "/maps")).stream()
                .map(line -> line.split("\\s+", 6)).filter(f -> f.length == 6 && f[5].startsWith("/"))
                .map(f -> f[5]).distinct().toList();
    }

    /** Karaf's own way ({@code bin/stop}: the shutdown port), so that the store closes the database. */
    void stopCleanly() throws Exception {
        Process stop = new ProcessBuilder(home.resolve("bin/stop").toString()).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolveSibling("stop.out").toFile()).start();
        assertTrue("bin/stop did not return", stop.waitFor(30, TimeUnit.SECONDS));
        assertTrue("Karaf did not stop within 30 s of bin/stop", karaf.waitFor(30, TimeUnit.SECONDS));
        karaf = null;
    }
}
