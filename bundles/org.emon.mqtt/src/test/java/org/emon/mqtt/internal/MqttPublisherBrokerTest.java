package org.emon.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.emon.api.integration.IntegrationState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The real publisher against a real mosquitto, with the core and the store stood in for. */
class MqttPublisherBrokerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final Fakes.Meters meters = new Fakes.Meters();
    private final Fakes.Power power = new Fakes.Power();
    private final Fakes.Store store = new Fakes.Store();
    @TempDir
    Path dir;
    private Mosquitto broker;
    private Subscriber ha;
    private MqttPublisher publisher;

    @BeforeEach
    void start() throws Exception {
        broker = new Mosquitto();
        ha = new Subscriber(broker.url());
        meters.list.add(Fakes.electricity(21));
        meters.list.add(Fakes.gas(3));
        store.add(21, 4321);
        store.add(3, 777);
    }

    @AfterEach
    void stop() throws Exception {
        if (publisher != null) {
            publisher.stop();
        }
        ha.close();
        broker.close();
    }

    private MqttPublisher publisher(Map<String, Object> more) throws Exception {
        Map<String, Object> config = new HashMap<>(Map.of("broker", broker.url(), "client.id", "emon-test",
                "power.interval.millis", 100L, "total.interval.millis", 200L, "reconnect.max.seconds", 1));
        config.putAll(more);
        return new MqttPublisher("9.8.7", Fakes.config(config), meters, power, store, dir.resolve("data/emon/mqtt-totals"));
    }

    @Test
    void discoveryAndStatesArriveForAnElectricityAndAGasMeter() throws Exception {
        publisher = publisher(Map.of());
        ha.await("emon/availability", "online"::equals, WAIT);
        JsonNode energy = JSON.readTree(ha.await("homeassistant/sensor/emon/emon_meter21_total/config", p -> !p.isEmpty(), WAIT).payload());
        assertThat(energy.get("device_class").asText()).isEqualTo("energy");
        assertThat(energy.get("unit_of_measurement").asText()).isEqualTo("kWh");
        assertThat(energy.get("device").get("sw_version").asText()).isEqualTo("9.8.7");
        JsonNode gas = JSON.readTree(ha.await("homeassistant/sensor/emon/emon_meter3_total/config", p -> !p.isEmpty(), WAIT).payload());
        assertThat(gas.get("device_class").asText()).isEqualTo("gas");
        assertThat(gas.get("unit_of_measurement").asText()).isEqualTo("m³");
        ha.await("homeassistant/sensor/emon/emon_meter3_total_kwh/config", p -> !p.isEmpty(), WAIT);
        ha.await("homeassistant/sensor/emon/emon_meter21_power/config", p -> !p.isEmpty(), WAIT);

        assertThat(ha.await(energy.get("state_topic").asText(), p -> true, WAIT).payload()).isEqualTo("4.321");
        assertThat(ha.await(gas.get("state_topic").asText(), p -> true, WAIT).payload()).isEqualTo("7.77");
        assertThat(new BigDecimal(ha.await("emon/meter/3/total_kwh", p -> true, WAIT).payload()))
                .isEqualByComparingTo(BigDecimal.valueOf(7.77 * 9.77).setScale(3, java.math.RoundingMode.HALF_UP));
        power.values.put(21, 2400.0);
        ha.await("emon/meter/21/power", "2400"::equals, WAIT);

        // a late subscriber gets every config and total from the broker: they are retained
        try (Subscriber late = new Subscriber(broker.url())) {
            late.await("emon/meter/21/total", "4.321"::equals, WAIT);
            late.await("emon/availability", "online"::equals, WAIT);
            late.await("homeassistant/sensor/emon/emon_meter3_total/config", p -> !p.isEmpty(), WAIT);
        }
        IntegrationState state = publisher.state();
        assertThat(state.connected()).isTrue();
        assertThat(state.messagesSent()).isGreaterThanOrEqualTo(10);
        assertThat(state.target()).isEqualTo(broker.url());

        // a clean stop says offline itself: a clean disconnect fires no last will
        publisher.stop();
        publisher = null;
        ha.await(m -> m.topic().equals("emon/availability") && m.payload().equals("offline"), WAIT, "offline");
    }

    @Test
    void homeAssistantOnlineMakesEmonPublishDiscoveryAgain() throws Exception {
        publisher = publisher(Map.of());
        ha.await("homeassistant/sensor/emon/emon_meter21_total/config", p -> !p.isEmpty(), WAIT);
        Thread.sleep(500); // past the echo of emon's own configs
        ha.clear();
        ha.publish("homeassistant/status", "online", false);
        ha.await(m -> m.topic().equals("homeassistant/sensor/emon/emon_meter21_total/config") && !m.retained(), WAIT,
                "a fresh discovery config");
        ha.await(m -> m.topic().equals("homeassistant/sensor/emon/emon_meter3_total/config") && !m.retained(), WAIT,
                "a fresh discovery config");
    }

    @Test
    void aStaleConfigOfARemovedMeterIsRemovedAtConnect() throws Exception {
        // left by an earlier run: a meter removed since, and one still configured
        ha.publish("homeassistant/sensor/emon/emon_meter99_total/config", "{\"name\":\"old\"}", true);
        ha.publish("homeassistant/sensor/emon/emon_meter21_total/config", "{\"name\":\"earlier\"}", true);
        publisher = publisher(Map.of());
        ha.await("homeassistant/sensor/emon/emon_meter99_total/config", String::isEmpty, WAIT);
        ha.await("homeassistant/sensor/emon/emon_meter21_total/config", p -> p.contains("emon_meter21_total"), WAIT);
        Thread.sleep(500);
        assertThat(ha.on("homeassistant/sensor/emon/emon_meter21_total/config")).as("a configured meter's config is never removed")
                .noneMatch(m -> m.payload().isEmpty());
        meters.list.removeIf(m -> m.id() == 3);
        ha.await("homeassistant/sensor/emon/emon_meter3_total/config", String::isEmpty, WAIT);
        try (Subscriber late = new Subscriber(broker.url(), "homeassistant/#")) {
            late.await("homeassistant/sensor/emon/emon_meter21_total/config", p -> !p.isEmpty(), WAIT);
            Thread.sleep(300);
            assertThat(late.messages()).extracting(Subscriber.Message::topic).noneMatch(t -> t.contains("meter3_") || t.contains("meter99_"));
        }
    }

    @Test
    void theBrokerKilledAndRestartedDuringIngestCostsNoPulseAndNoTotalDrops() throws Exception {
        publisher = publisher(Map.of());
        ha.await("emon/meter/21/total", p -> true, WAIT);
        AtomicBoolean ingesting = new AtomicBoolean(true);
        long[] added = { 0 };
        Thread ingest = new Thread(() -> {
            while (ingesting.get()) {
                store.add(21, 1); // the store goes on whatever the broker does
                added[0]++;
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        ingest.start();
        Thread.sleep(500);
        broker.kill();
        long before = added[0];
        Thread.sleep(1500);
        assertThat(added[0]).as("ingest went on while the broker was down").isGreaterThan(before + 100);
        IntegrationState down = publisher.state();
        assertThat(down.connected()).isFalse();
        assertThat(down.lastError()).isNotBlank();

        ha.close();
        broker.start();
        ha = new Subscriber(broker.url());
        // persistence is off: the restarted broker knows nothing, so all of it comes from emon again
        ha.await("emon/availability", "online"::equals, WAIT);
        ha.await("homeassistant/sensor/emon/emon_meter21_total/config", p -> !p.isEmpty(), WAIT);
        ha.await("homeassistant/sensor/emon/emon_meter3_total/config", p -> !p.isEmpty(), WAIT);
        Thread.sleep(500);
        ingesting.set(false);
        ingest.join();
        long stored = store.statistics(21).pulses();
        String expected = Values.round(stored / 1000.0, 3).toPlainString();
        ha.await("emon/meter/21/total", expected::equals, WAIT);
        assertThat(publisher.state().connected()).isTrue();

        List<BigDecimal> totals = ha.on("emon/meter/21/total").stream().map(m -> new BigDecimal(m.payload())).toList();
        assertThat(totals).as("published totals after the restart").isSorted();
    }

    @Test
    void theBrokerPublishesOfflineWhenEmonsProcessIsKilled() throws Exception {
        // the test's own class path, which holds the publisher, Paho and the fakes
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                PublisherProcess.class.getName(), broker.url(), "emon-child", dir.resolve("child-totals").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            ha.await("emon/meter/21/total", "4.321"::equals, WAIT);
            ha.await(m -> m.topic().equals("emon/availability") && m.payload().equals("online") && !m.retained(), WAIT, "online, live");
            ha.clear();
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye; the kernel closes the socket
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("killed by SIGKILL; its output: %s", Files.readString(log)).isEqualTo(128 + 9);
            ha.await("emon/availability", "offline"::equals, WAIT);
        } finally {
            child.destroyForcibly();
        }
        try (Subscriber late = new Subscriber(broker.url())) {
            Subscriber.Message availability = late.await("emon/availability", p -> true, WAIT);
            assertThat(availability.payload()).isEqualTo("offline");
            assertThat(availability.retained()).as("a late subscriber (Home Assistant starting) sees it").isTrue();
        }
    }

    @Test
    void noTotalBelowOnePublishedBeforeEvenAfterARestartWithAnOlderStore() throws Exception {
        publisher = publisher(Map.of());
        ha.await("emon/meter/21/total", "4.321"::equals, WAIT);
        store.add(21, 679);
        ha.await("emon/meter/21/total", "5"::equals, WAIT);
        publisher.stop();
        publisher = null;
        assertThat(dir.resolve("data/emon/mqtt-totals")).as("the highest totals are kept").exists();

        // emon restarted with the store restored from an older backup: meter 21 has fewer pulses than published
        store.pulses.put(21, new AtomicLong(4500));
        store.add(3, 10);
        ha.clear();
        publisher = publisher(Map.of());
        ha.await(m -> m.topic().equals("emon/availability") && m.payload().equals("online"), WAIT, "online again");
        ha.await("emon/meter/3/total", "7.87"::equals, WAIT);
        IntegrationState held = Awaits.state(publisher, s -> s.warning() != null, WAIT, "with a warning");
        assertThat(held.warning()).isEqualTo("emon/meter/21/total stays at 5 until the store's 4.5 reaches it");
        Thread.sleep(1000); // five total intervals
        assertThat(ha.on("emon/meter/21/total")).as("4.5 is held back").isEmpty();

        store.add(21, 600);
        ha.await("emon/meter/21/total", "5.1"::equals, WAIT);
        assertThat(publisher.state().warning()).isNull();
        assertThat(ha.on("emon/meter/21/total")).extracting(Subscriber.Message::payload).containsExactly("5.1");
    }
}
