package org.emon.mqtt.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A private mosquitto for one test: loopback only, anonymous, no persistence, its config and log in
 * a temp dir. {@link #kill()} and {@link #start()} stop and restart it on the same port. Fails (does
 * not skip) when mosquitto is not installed: {@code .ci/run} installs it.
 */
public final class Mosquitto implements AutoCloseable {

    private final Path dir;
    public final int port;
    private Process process;

    public Mosquitto() throws IOException, InterruptedException {
        this.dir = Files.createTempDirectory("emon-mosquitto");
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        start();
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
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
