package org.emon.mqtt.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A private mosquitto for one test: loopback only, no persistence, its config and log in a temp dir;
 * anonymous, or with the settings a test gives (TLS, a password file). {@link #kill()} and
 * {@link #start()} stop and restart it on the same port. Fails (does not skip) when mosquitto is not
 * installed: {@code .ci/run} installs it.
 */
public final class Mosquitto implements AutoCloseable {

    private final Path dir;
    public final int port;
    private Process process;

    /** Anonymous, plain TCP. */
    public Mosquitto() throws IOException, InterruptedException {
        this("allow_anonymous true\n");
    }

    /**
     * @param settings mosquitto.conf lines for the loopback listener and the broker, e.g. {@code cafile},
     *                 {@code certfile}, {@code keyfile}, {@code password_file}, {@code allow_anonymous false}
     */
    public Mosquitto(String settings) throws IOException, InterruptedException {
        this.dir = Files.createTempDirectory("emon-mosquitto");
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        // run as the test's user: started as root, mosquitto would switch to user mosquitto, who cannot read the test's files
        Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\n" + settings + "\npersistence false\nuser "
                + System.getProperty("user.name") + "\n");
        start();
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** For a TLS listener: {@code ssl://host:port}, the host as the client names it (its certificate must match). */
    public String sslUrl(String host) {
        return "ssl://" + host + ":" + port;
    }

    /** What mosquitto logged so far. */
    public String log() throws IOException {
        Path log = dir.resolve("mosquitto.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    public void start() throws IOException, InterruptedException {
        Path binary = Path.of("/usr/sbin/mosquitto");
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("mosquitto is not installed (apt-get install -y mosquitto; .ci/run does it)");
        }
        process = new ProcessBuilder(binary.toString(), "-c", dir.resolve("mosquitto.conf").toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("mosquitto did not listen on " + port + " within 10 s");
    }

    /** SIGKILL: the broker vanishes without a word, as a crash or a power cut would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        kill();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
