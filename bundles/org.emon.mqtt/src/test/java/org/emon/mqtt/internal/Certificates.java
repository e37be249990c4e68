package org.emon.mqtt.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private certificate authority for a test broker, made with the {@code openssl} command as a user
 * would make one (fails, does not skip, when openssl is missing: {@code .ci/run} installs it).
 * EC keys, valid for two days.
 */
final class Certificates {

    private final Path dir;
    private final String name;

    /** A new CA called {@code name} in {@code dir}: {@code <name>-ca.pem} and its key. */
    Certificates(Path dir, String name) throws IOException, InterruptedException {
        this.dir = dir;
        this.name = name;
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-keyout", key().toString(), "-out", ca().toString(), "-subj", "/CN=" + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    /** The CA's certificate, to trust. */
    Path ca() {
        return dir.resolve(name + "-ca.pem");
    }

    private Path key() {
        return dir.resolve(name + "-ca.key");
    }

    /**
     * A server's key and certificate signed by this CA.
     *
     * @param server   file name stem
     * @param altNames the names the certificate is for, e.g. {@code DNS:localhost,IP:127.0.0.1}
     * @return mosquitto.conf lines for a TLS listener with them
     */
    String server(String server, String altNames) throws IOException, InterruptedException {
        Path key = dir.resolve(server + ".key");
        Path csr = dir.resolve(server + ".csr");
        Path cert = dir.resolve(server + ".pem");
        Path ext = dir.resolve(server + ".ext");
        Files.writeString(ext, "subjectAltName=" + altNames + "\nextendedKeyUsage=serverAuth\n");
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(),
                "-out", csr.toString(), "-subj", "/CN=" + server);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca().toString(), "-CAkey", key().toString(), "-CAcreateserial",
                "-days", "2", "-out", cert.toString(), "-extfile", ext.toString());
        return "certfile " + cert + "\nkeyfile " + key + "\n";
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        run(dir, "/usr/bin/openssl", "apt-get install -y openssl", args);
    }

    /** Runs a tool that must be installed; its output in the failure if it fails. */
    static void run(Path dir, String tool, String install, String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(tool))) {
            throw new AssertionError(tool + " is not installed (" + install + "; .ci/run does it)");
        }
        List<String> command = new ArrayList<>(List.of(tool));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "tool", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed: " + Files.readString(log));
        }
        Files.delete(log);
    }
}
