package org.emon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import net.jqwik.api.Example;

/**
 * HTTPS for a home install: {@code bin/emon-https --port P} ran on the instance before its boot
 * (see {@link LiveApiServer}). A client that trusts only the generated certificate (taken from
 * the keystore, not "trust all") logs in and reads /api/ipu over HTTPS, by host name and by IP;
 * a client with the default trust store is refused the handshake; the keystore and the
 * configuration holding its password are owner-only, and the password is nowhere else.
 */
class LiveApiHttpsTest {

    private static final String CFG = "etc/org.ops4j.pax.web.cfg";
    private final LiveApiServer emon = LiveApiServer.get();

    @Example
    void aClientTrustingTheGeneratedCertificateLogsInAndReadsIpuOverHttps() throws Exception {
        X509Certificate certificate = certificate();
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(certificate)).connectTimeout(Duration.ofSeconds(5)).build();
        for (String host : List.of("localhost", "127.0.0.1")) { // a DNS and an IP subjectAltName, checked by the client
            String base = "https://" + host + ":" + emon.httpsPort;
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(base + "/api/login")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(LiveApiServer.loginJson(LiveApiServer.ADMIN, emon.password)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as("login over %s: %s", base, login.body()).isEqualTo(200);
            String token = LiveApiHttp.JSON.readTree(login.body()).get("token").asText();
            HttpResponse<String> ipu = client.send(HttpRequest.newBuilder(URI.create(base + "/api/ipu")).timeout(Duration.ofSeconds(10))
                    .header("X-Access-Token", token).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ipu.statusCode()).isEqualTo(200);
            JsonNode array = LiveApiHttp.JSON.readTree(ipu.body());
            assertThat(array.isArray() && array.size() > 0 && array.get(0).path("meterid").isInt()).as(ipu.body()).isTrue();
            HttpResponse<String> noToken = client.send(HttpRequest.newBuilder(URI.create(base + "/api/ipu")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(noToken.statusCode()).as("HTTPS is no way around the token").isEqualTo(401);
        }
    }

    @Example
    void theCertificateNamesThisMachineAndIsTrustedByNoOneElse() throws Exception {
        X509Certificate certificate = certificate();
        List<String> names = new ArrayList<>();
        Collection<List<?>> san = certificate.getSubjectAlternativeNames();
        san.forEach(entry -> names.add(String.valueOf(entry.get(1))));
        String hostname = new String(new ProcessBuilder("hostname").start().getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .trim().toLowerCase();
        assertThat(names).contains("localhost", "127.0.0.1");
        assertThat(certificate.getSubjectX500Principal().getName()).startsWith("CN=" + names.get(0) + ",");
        if (hostname.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) { // a name a certificate can hold
            assertThat(names.get(0)).as("the machine's name first, as CN").isEqualTo(hostname);
        }
        certificate.checkValidity();
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("RSA");

        HttpClient defaultTrust = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> defaultTrust.send(HttpRequest.newBuilder(URI.create("https://localhost:" + emon.httpsPort + "/api/")).build(),
                HttpResponse.BodyHandlers.ofString())).as("a self-signed certificate is not trusted by default")
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Example
    void theKeystoreAndItsPasswordAreOwnerOnlyAndTheScriptDoesNotPrintThePassword() throws Exception {
        String password = keystorePassword();
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        Set<PosixFilePermission> ownerOnly = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(emon.home.resolve("etc/emon-https.p12"))).isEqualTo(ownerOnly);
        assertThat(Files.getPosixFilePermissions(emon.home.resolve(CFG))).isEqualTo(ownerOnly);
        assertThat(emon.httpsScriptOutput).contains(Integer.toString(emon.httpsPort)).doesNotContain(password);
        // the password is in the configuration that needs it, and in no other file of etc/
        List<Path> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(emon.home.resolve("etc"))) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(password)) {
                    holding.add(emon.home.relativize(f));
                }
            }
        }
        assertThat(holding).containsExactly(Path.of(CFG));
        Path log = emon.home.resolve("data/log/karaf.log");
        if (Files.exists(log)) {
            assertThat(Files.readString(log, StandardCharsets.ISO_8859_1)).as("karaf.log").doesNotContain(password);
        }
    }

    /** Run again, it refuses to replace the certificate clients trust, unless told to. */
    @Example
    void theScriptKeepsAnExistingCertificateWithoutForce() throws Exception {
        Path keystore = emon.home.resolve("etc/emon-https.p12");
        byte[] before = Files.readAllBytes(keystore);
        Process again = new ProcessBuilder(emon.home.resolve("bin/emon-https").toString()).redirectErrorStream(true).start();
        String output = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(again.waitFor()).as(output).isEqualTo(1);
        assertThat(output).contains("--force");
        assertThat(Files.readAllBytes(keystore)).isEqualTo(before);
    }

    /** --http-off (on a copy of bin/ and etc/, not the running instance): HTTPS only. */
    @Example
    void withHttpOffThePlainPortIsClosedInTheConfiguration() throws Exception {
        Path copy = emon.home.resolveSibling("https-off");
        Files.createDirectories(copy.resolve("bin"));
        Files.createDirectories(copy.resolve("etc"));
        Files.copy(emon.home.resolve("bin/emon-https"), copy.resolve("bin/emon-https"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(copy.resolve(CFG), "org.osgi.service.http.enabled = true\norg.osgi.service.http.port = 8181\n"
                + "org.osgi.service.http.secure.enabled = false\n#org.osgi.service.http.port.secure = 8443\n");
        Files.deleteIfExists(copy.resolve("etc/emon-https.p12"));
        String output = LiveApiServer.run(copy, copy.resolve("out.txt"), copy.resolve("bin/emon-https").toString(), "--http-off", "--port", "9443");
        Properties cfg = new Properties();
        try (InputStream in = Files.newInputStream(copy.resolve(CFG))) {
            cfg.load(in);
        }
        assertThat(cfg.getProperty("org.osgi.service.http.enabled")).as(output).isEqualTo("false");
        assertThat(cfg.getProperty("org.osgi.service.http.secure.enabled")).isEqualTo("true");
        assertThat(cfg.getProperty("org.osgi.service.http.port.secure")).isEqualTo("9443");
        assertThat(cfg.getProperty("org.osgi.service.http.port")).as("kept for when HTTP is turned on again").isEqualTo("8181");
        assertThat(cfg.getProperty("org.ops4j.pax.web.ssl.keystore")).isEqualTo("${karaf.etc}/emon-https.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(copy.resolve("etc/emon-https.p12"))) {
            ks.load(in, cfg.getProperty("org.ops4j.pax.web.ssl.keystore.password").toCharArray());
        }
        assertThat(ks.isKeyEntry(cfg.getProperty("org.ops4j.pax.web.ssl.key.alias"))).isTrue();
    }

    private String keystorePassword() throws IOException {
        Properties cfg = new Properties();
        try (InputStream in = Files.newInputStream(emon.home.resolve(CFG))) {
            cfg.load(in);
        }
        assertThat(cfg.getProperty("org.osgi.service.http.secure.enabled")).isEqualTo("true");
        assertThat(cfg.getProperty("org.osgi.service.http.port.secure")).isEqualTo(Integer.toString(emon.httpsPort));
        return cfg.getProperty("org.ops4j.pax.web.ssl.keystore.password");
    }

    /** The server's certificate, read from the keystore the script made with the password from pax-web's configuration. */
    private X509Certificate certificate() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(emon.home.resolve("etc/emon-https.p12"))) {
            ks.load(in, keystorePassword().toCharArray());
        }
        return (X509Certificate) ks.getCertificate("emon");
    }

    /** An SSL context that trusts exactly this certificate (host names still verified by the client). */
    private static SSLContext trusting(X509Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("emon", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
