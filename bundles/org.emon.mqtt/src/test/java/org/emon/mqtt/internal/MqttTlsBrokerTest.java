package org.emon.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.emon.api.integration.IntegrationState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher against a mosquitto that requires TLS and a user name and password, as a broker
 * reachable beyond the house would: a private CA and certificates made with openssl, a password file
 * made with mosquitto_passwd, no anonymous access.
 */
class MqttTlsBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String HA_PASSWORD = "ha-" + System.nanoTime();

    @TempDir
    static Path dir;
    private static Certificates trusted;
    private static Mosquitto broker;
    private static String emonPassword;

    private final Fakes.Meters meters = new Fakes.Meters();
    private final Fakes.Store store = new Fakes.Store();
    private MqttPublisher publisher;

    @BeforeAll
    static void startBroker() throws Exception {
        trusted = new Certificates(dir, "home");
        String tls = "cafile " + trusted.ca() + "\n" + trusted.server("broker", "DNS:localhost,IP:127.0.0.1");
        emonPassword = "emon-" + System.nanoTime() + " with spaces";
        Path passwords = dir.resolve("passwd");
        Certificates.run(dir, "/usr/bin/mosquitto_passwd", "apt-get install -y mosquitto", "-b", "-c", passwords.toString(), "emon",
                emonPassword);
        Certificates.run(dir, "/usr/bin/mosquitto_passwd", "apt-get install -y mosquitto", "-b", passwords.toString(), "ha", HA_PASSWORD);
        broker = new Mosquitto(tls + "allow_anonymous false\npassword_file " + passwords + "\n");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void stopPublisher() throws Exception {
        if (publisher != null) {
            publisher.stop();
        }
    }

    /** Home Assistant's side: the same CA, a user of its own. */
    private static Subscriber homeAssistant() throws Exception {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName("ha");
        options.setPassword(HA_PASSWORD.toCharArray());
        options.setSocketFactory(Tls.trusting(trusted.ca()));
        return new Subscriber(broker.sslUrl("localhost"), "#", options);
    }

    private MqttPublisher publisher(String url, String password, Map<String, Object> more) throws Exception {
        meters.list.add(Fakes.electricity(21));
        store.add(21, 4321);
        Path passwordFile = Files.createTempFile(dir, "mqtt-password", "");
        Files.writeString(passwordFile, password + "\n");
        Map<String, Object> config = new HashMap<>(Map.of("broker", url, "client.id", "emon-tls", "username", "emon", "password.file",
                passwordFile.toString(), "power.interval.millis", 100L, "total.interval.millis", 200L, "reconnect.max.seconds", 1));
        config.putAll(more);
        return new MqttPublisher("1.0", Fakes.config(config), meters, new Fakes.Power(), store, dir.resolve("totals-" + System.nanoTime()));
    }

    @Test
    void overTlsWithAUserAndAPasswordFileDiscoveryAndStatesArrive() throws Exception {
        try (Subscriber ha = homeAssistant()) {
            publisher = publisher(broker.sslUrl("127.0.0.1"), emonPassword, Map.of("tls.ca.file", trusted.ca().toString()));
            ha.await("emon/availability", "online"::equals, WAIT);
            ha.await("homeassistant/sensor/emon/emon_meter21_total/config", p -> p.contains("\"device_class\":\"energy\""), WAIT);
            ha.await("emon/meter/21/total", "4.321"::equals, WAIT);
            IntegrationState state = publisher.state();
            assertThat(state.connected()).isTrue();
            assertThat(state.target()).isEqualTo(broker.sslUrl("127.0.0.1"));
            assertThat(state.lastError()).isNull();
        }
    }

    @Test
    void aWrongPasswordIsReportedAndTriedAgainWithoutHarm() throws Exception {
        try (Subscriber ha = homeAssistant()) {
            publisher = publisher(broker.sslUrl("127.0.0.1"), emonPassword + "x", Map.of("tls.ca.file", trusted.ca().toString()));
            IntegrationState refused = Awaits.state(publisher, s -> s.lastError() != null, WAIT, "with an error");
            assertThat(refused.connected()).isFalse();
            assertThat(refused.lastError()).as("says what to check")
                    .startsWith("the broker refused the user name or password (username, password.file): ");
            assertThat(refused.lastError()).doesNotContain(emonPassword);
            // it goes on trying (every second here), without a crash, and publishes nothing
            Awaits.state(publisher, s -> s.lastErrorMillis() > refused.lastErrorMillis(), WAIT, "of a later attempt");
            assertThat(ha.messages()).noneMatch(m -> m.topic().startsWith("emon/"));
        }
        assertThat(broker.log()).contains("not authorised");
    }

    @Test
    void aBrokerCertificateOfAnotherCaIsRefused() throws Exception {
        Certificates stranger = new Certificates(dir, "stranger");
        publisher = publisher(broker.sslUrl("127.0.0.1"), emonPassword, Map.of("tls.ca.file", stranger.ca().toString()));
        IntegrationState refused = Awaits.state(publisher, s -> s.lastError() != null, WAIT, "with an error");
        assertThat(refused.connected()).isFalse();
        assertThat(refused.lastError()).startsWith("the broker's TLS certificate is not from a trusted CA (tls.ca.file): ");
    }

    @Test
    void withoutTlsCaFileOnlyTheJvmsCasAreTrusted() throws Exception {
        publisher = publisher(broker.sslUrl("127.0.0.1"), emonPassword, Map.of());
        IntegrationState refused = Awaits.state(publisher, s -> s.lastError() != null, WAIT, "with an error");
        assertThat(refused.connected()).isFalse();
        assertThat(refused.lastError()).startsWith("the broker's TLS certificate is not from a trusted CA (tls.ca.file): ");
    }

    @Test
    void aCertificateForAnotherNameIsRefused() throws Exception {
        String tls = "cafile " + trusted.ca() + "\n" + trusted.server("elsewhere", "DNS:mqtt.elsewhere.example");
        try (Mosquitto elsewhere = new Mosquitto(tls + "allow_anonymous true\n")) {
            publisher = publisher(elsewhere.sslUrl("127.0.0.1"), emonPassword, Map.of("tls.ca.file", trusted.ca().toString()));
            IntegrationState refused = Awaits.state(publisher, s -> s.lastError() != null, WAIT, "with an error");
            assertThat(refused.connected()).isFalse();
            assertThat(refused.lastError()).startsWith("the broker's TLS certificate was refused: ").contains("127.0.0.1");
        }
    }
}
