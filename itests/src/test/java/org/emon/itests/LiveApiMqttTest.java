package org.emon.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.emon.mqtt.internal.Mosquitto;
import org.emon.mqtt.internal.Subscriber;

import com.fasterxml.jackson.databind.JsonNode;

import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * MQTT through the booted distribution and a private mosquitto: etc/org.emon.mqtt.cfg written as a
 * user would, meters created and pulses ingested through the API, and what a Home Assistant would
 * receive checked against what the store holds.
 */
class LiveApiMqttTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Ids no other live test uses. */
    private static final int ELECTRICITY = 7301;
    private static final int GAS = 7302;
    /** Pulses are ingested from here on, one a millisecond per meter: after the electricity meter's reading. */
    private static final long PULSES_FROM = Instant.parse("2021-01-01T00:00:00Z").toEpochMilli();

    private static Mosquitto broker;
    private static final AtomicLong nextPulse = new AtomicLong(PULSES_FROM);
    private final LiveApiServer emon = LiveApiServer.get();

    @BeforeContainer
    static void startBroker() throws Exception {
        broker = new Mosquitto();
        LiveApiServer emon = LiveApiServer.get();
        String token = emon.adminToken();
        create(emon, token, "{\"id\":" + ELECTRICITY + ",\"description\":\"MQTT main\",\"kind\":\"electricity\",\"impulsesPerUnit\":1000,"
                + "\"reading\":{\"value\":1000.5,\"at\":\"2020-06-01T00:00:00Z\"}}");
        create(emon, token, "{\"id\":" + GAS + ",\"description\":\"MQTT gas\",\"kind\":\"gas\",\"impulsesPerUnit\":100,\"calorificValue\":9.77}");
        ingest(emon, ELECTRICITY, 2345);
        ingest(emon, GAS, 678);
        Files.writeString(emon.home.resolve("etc/org.emon.mqtt.cfg"), String.join("\n", "broker = " + broker.url(),
                "client.id = emon-live", "power.interval.millis = 200", "total.interval.millis = 300", "reconnect.max.seconds = 2", ""));
    }

    @AfterContainer
    static void stopBroker() throws Exception {
        LiveApiServer emon = LiveApiServer.get();
        Files.deleteIfExists(emon.home.resolve("etc/org.emon.mqtt.cfg"));
        for (int id : new int[] { ELECTRICITY, GAS }) {
            LiveApiHttp.request("DELETE", "/api/v1/meters/" + id).token(emon.adminToken()).send(emon);
        }
        broker.close();
    }

    @Example
    void discoveryAndStatesArriveAsSpecifiedAndTotalsEqualTheStores() throws Exception {
        try (Subscriber ha = new Subscriber(broker.url())) {
            ha.await("emon/availability", "online"::equals, WAIT);
            JsonNode energy = config(ha, ELECTRICITY, "total");
            assertThat(energy.get("device_class").asText()).isEqualTo("energy");
            assertThat(energy.get("state_class").asText()).isEqualTo("total_increasing");
            assertThat(energy.get("unit_of_measurement").asText()).isEqualTo("kWh");
            assertThat(energy.get("default_entity_id").asText()).isEqualTo("sensor.emon_meter" + ELECTRICITY + "_total");
            assertThat(energy.get("availability_topic").asText()).isEqualTo("emon/availability");
            JsonNode device = energy.get("device");
            assertThat(device.get("identifiers").get(0).asText()).isEqualTo("emon_meter" + ELECTRICITY);
            assertThat(device.get("name").asText()).isEqualTo("MQTT main");
            assertThat(device.get("manufacturer").asText()).isEqualTo("emon");
            assertThat(device.get("sw_version").asText()).isNotBlank();
            JsonNode power = config(ha, ELECTRICITY, "power");
            assertThat(power.get("device_class").asText()).isEqualTo("power");
            assertThat(power.get("state_class").asText()).isEqualTo("measurement");
            assertThat(power.get("unit_of_measurement").asText()).isEqualTo("W");
            JsonNode gas = config(ha, GAS, "total");
            assertThat(gas.get("device_class").asText()).isEqualTo("gas");
            assertThat(gas.get("state_class").asText()).isEqualTo("total_increasing");
            assertThat(gas.get("unit_of_measurement").asText()).isEqualTo("m³");
            JsonNode gasKwh = config(ha, GAS, "total_kwh");
            assertThat(gasKwh.get("device_class").asText()).isEqualTo("energy");
            assertThat(gasKwh.get("unit_of_measurement").asText()).isEqualTo("kWh");

            // the store's pulses as the API shows them, and the sums /api/v1/meters describes
            long electricityPulses = stored(ELECTRICITY);
            long gasPulses = stored(GAS);
            assertThat(electricityPulses).isEqualTo(2345);
            String total = new BigDecimal("1000.5").add(BigDecimal.valueOf(electricityPulses, 3)).stripTrailingZeros().toPlainString();
            ha.await(energy.get("state_topic").asText(), total::equals, WAIT);
            ha.await(gas.get("state_topic").asText(), BigDecimal.valueOf(gasPulses, 2).stripTrailingZeros().toPlainString()::equals, WAIT);
            assertThat(emon.home.resolve("data/emon/mqtt-totals")).as("the highest published totals, kept for a restart")
                    .content().contains("emon/meter/" + ELECTRICITY + "/total=" + total);
            BigDecimal kwh = new BigDecimal(ha.await(gasKwh.get("state_topic").asText(), p -> true, WAIT).payload());
            assertThat(kwh).isEqualByComparingTo(BigDecimal.valueOf(gasPulses / 100.0 * 9.77).setScale(3, java.math.RoundingMode.HALF_UP));
            assertThat(ha.await(power.get("state_topic").asText(), p -> true, WAIT).payload()).isEqualTo("0");

            JsonNode mqtt = status().get("integrations").get(0);
            assertThat(mqtt.get("name").asText()).isEqualTo("mqtt");
            assertThat(mqtt.get("target").asText()).isEqualTo(broker.url());
            assertThat(mqtt.get("connected").asBoolean()).isTrue();
            assertThat(mqtt.get("messagesSent").asLong()).isGreaterThanOrEqualTo(10);
        }
    }

    @Example
    void homeAssistantOnlineMakesEmonPublishDiscoveryAgain() throws Exception {
        try (Subscriber ha = new Subscriber(broker.url())) {
            config(ha, GAS, "total");
            Thread.sleep(1000); // past the retained copies and emon's own echoes
            ha.clear();
            ha.publish("homeassistant/status", "online", false);
            for (String object : List.of(ELECTRICITY + "_total", ELECTRICITY + "_power", GAS + "_total", GAS + "_total_kwh", GAS + "_power")) {
                String topic = "homeassistant/sensor/emon/emon_meter" + object + "/config";
                ha.await(m -> m.topic().equals(topic) && !m.retained() && !m.payload().isEmpty(), WAIT, "a fresh " + topic);
            }
        }
    }

    @Example
    void theBrokerKilledAndRestartedDuringIngestCostsNoPulseAndNoTotalDrops() throws Exception {
        Subscriber before = new Subscriber(broker.url(), "emon/#");
        before.await("emon/meter/" + ELECTRICITY + "/total", p -> true, WAIT);
        long storedBefore = stored(ELECTRICITY);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong posted = new AtomicLong();
        Thread ingest = new Thread(() -> {
            while (running.get()) {
                posted.addAndGet(ingest(emon, ELECTRICITY, 20));
            }
        });
        ingest.start();
        List<Subscriber.Message> seen;
        try {
            Thread.sleep(1000);
            broker.kill();
            seen = before.messages();
            before.close();
            long during = posted.get();
            Thread.sleep(3000);
            assertThat(posted.get()).as("pulses ingested while the broker was down").isGreaterThan(during);
            JsonNode down = status().get("integrations").get(0);
            assertThat(down.get("connected").asBoolean()).isFalse();
            assertThat(down.get("lastError").asText()).isNotBlank();

            broker.start();
            try (Subscriber after = new Subscriber(broker.url())) {
                // the broker restarted empty (no persistence): all of it is emon's doing
                after.await("emon/availability", "online"::equals, WAIT);
                config(after, ELECTRICITY, "total");
                config(after, GAS, "total");
                Thread.sleep(1000);
                running.set(false);
                ingest.join();
                long stored = stored(ELECTRICITY);
                assertThat(stored).as("every accepted pulse is stored").isEqualTo(storedBefore + posted.get());
                String total = new BigDecimal("1000.5").add(BigDecimal.valueOf(stored, 3)).stripTrailingZeros().toPlainString();
                after.await("emon/meter/" + ELECTRICITY + "/total", total::equals, WAIT);
                List<BigDecimal> totals = new ArrayList<>();
                seen.stream().filter(m -> m.topic().equals("emon/meter/" + ELECTRICITY + "/total")).forEach(m -> totals.add(new BigDecimal(m.payload())));
                after.on("emon/meter/" + ELECTRICITY + "/total").forEach(m -> totals.add(new BigDecimal(m.payload())));
                assertThat(totals).as("every total published, before and after the restart").hasSizeGreaterThan(2).isSorted();
                assertThat(status().get("integrations").get(0).get("connected").asBoolean()).isTrue();
            }
        } finally {
            running.set(false);
            ingest.join();
        }
    }

    private static JsonNode config(Subscriber ha, int meter, String quantity) throws Exception {
        String topic = "homeassistant/sensor/emon/emon_meter" + meter + "_" + quantity + "/config";
        return LiveApiHttp.JSON.readTree(ha.await(topic, p -> !p.isEmpty(), WAIT).payload());
    }

    private long stored(int meter) {
        LiveApiHttp.Response r = LiveApiHttp.request("GET", "/api/v1/meters/" + meter).token(emon.adminToken()).send(emon);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json().get("pulses").asLong();
    }

    private JsonNode status() {
        LiveApiHttp.Response r = LiveApiHttp.request("GET", "/api/v1/status").token(emon.adminToken()).send(emon);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    private static void create(LiveApiServer emon, String token, String meter) {
        LiveApiHttp.Response r = LiveApiHttp.request("POST", "/api/v1/meters").token(token).json(meter).send(emon);
        assertThat(r.status()).as("create %s: %s", meter, r).isEqualTo(201);
    }

    /** Posts {@code n} new pulses of a meter (one a millisecond); returns how many were accepted. */
    private static long ingest(LiveApiServer emon, int meter, int n) {
        StringBuilder body = new StringBuilder("{\"timestamps\":[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append(nextPulse.getAndIncrement());
        }
        LiveApiHttp.Response r = LiveApiHttp.request("POST", "/api/v1/meters/" + meter + "/pulses").token(emon.adminToken())
                .json(body.append("]}").toString()).send(emon);
        assertThat(r.status()).as("ingest: %s", r).isEqualTo(200);
        assertThat(r.json().get("duplicates").asInt()).isZero();
        return r.json().get("accepted").asLong();
    }
}
