package org.emon.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The discovery configs Home Assistant's Energy dashboard accepts as they are. */
class DiscoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Topics topics = Topics.of("emon", "homeassistant");
    private final Discovery discovery = new Discovery(topics, "1.2.3");

    @Test
    void electricityEnergyIsEnergyTotalIncreasingInKwh() throws Exception {
        JsonNode c = JSON.readTree(discovery.config(Fakes.electricity(21), Quantity.TOTAL));
        assertThat(topics.config(21, Quantity.TOTAL)).isEqualTo("homeassistant/sensor/emon/emon_meter21_total/config");
        assertThat(c.get("device_class").asText()).isEqualTo("energy");
        assertThat(c.get("state_class").asText()).isEqualTo("total_increasing");
        assertThat(c.get("unit_of_measurement").asText()).isEqualTo("kWh");
        assertThat(c.get("state_topic").asText()).isEqualTo("emon/meter/21/total");
        assertThat(c.get("unique_id").asText()).isEqualTo("emon_meter21_total");
        assertThat(c.get("default_entity_id").asText()).isEqualTo("sensor.emon_meter21_total");
        assertThat(c.has("object_id")).as("object_id is deprecated").isFalse();
        assertThat(c.get("availability_topic").asText()).isEqualTo("emon/availability");
        assertThat(c.get("payload_available").asText()).isEqualTo("online");
        assertThat(c.get("payload_not_available").asText()).isEqualTo("offline");
        JsonNode device = c.get("device");
        assertThat(device.get("identifiers").get(0).asText()).isEqualTo("emon_meter21");
        assertThat(device.get("name").asText()).isEqualTo("Main meter");
        assertThat(device.get("manufacturer").asText()).isEqualTo("emon");
        assertThat(device.get("model").asText()).isEqualTo("Electricity meter, 1000 imp/kWh");
        assertThat(device.get("sw_version").asText()).isEqualTo("1.2.3");
        assertThat(device.get("suggested_area").asText()).isEqualTo("Cellar");
        assertThat(c.get("origin").get("name").asText()).isEqualTo("emon");
    }

    @Test
    void electricityPowerIsPowerMeasurementInWatts() throws Exception {
        JsonNode c = JSON.readTree(discovery.config(Fakes.electricity(21), Quantity.POWER));
        assertThat(c.get("device_class").asText()).isEqualTo("power");
        assertThat(c.get("state_class").asText()).isEqualTo("measurement");
        assertThat(c.get("unit_of_measurement").asText()).isEqualTo("W");
        assertThat(c.get("state_topic").asText()).isEqualTo("emon/meter/21/power");
    }

    @Test
    void gasIsGasTotalIncreasingInCubicMetresWrittenWithTheSuperscript() throws Exception {
        JsonNode c = JSON.readTree(discovery.config(Fakes.gas(3), Quantity.TOTAL));
        assertThat(c.get("device_class").asText()).isEqualTo("gas");
        assertThat(c.get("state_class").asText()).isEqualTo("total_increasing");
        assertThat(c.get("unit_of_measurement").asText()).isEqualTo("m\u00b3").isNotEqualTo("m3");
        assertThat(c.get("device").get("name").asText()).isEqualTo("Gas meter");
        assertThat(c.get("device").has("suggested_area")).isFalse();
        assertThat(c.get("device").get("model").asText()).isEqualTo("Gas meter, 100 imp/m3");
    }

    @Test
    void gasWithACalorificValueAlsoHasAnEnergySensorInKwh() throws Exception {
        assertThat(Quantity.TOTAL_KWH.of(Fakes.gas(3))).isTrue();
        assertThat(Quantity.TOTAL_KWH.of(Fakes.electricity(21))).isFalse();
        JsonNode c = JSON.readTree(discovery.config(Fakes.gas(3), Quantity.TOTAL_KWH));
        assertThat(c.get("device_class").asText()).isEqualTo("energy");
        assertThat(c.get("state_class").asText()).isEqualTo("total_increasing");
        assertThat(c.get("unit_of_measurement").asText()).isEqualTo("kWh");
        assertThat(c.get("state_topic").asText()).isEqualTo("emon/meter/3/total_kwh");
        JsonNode flow = JSON.readTree(discovery.config(Fakes.gas(3), Quantity.POWER));
        assertThat(flow.get("device_class").asText()).isEqualTo("volume_flow_rate");
        assertThat(flow.get("unit_of_measurement").asText()).isEqualTo("m\u00b3/h");
    }

    @Test
    void idsKeepOnlyTheCharactersHomeAssistantAllows() {
        Topics odd = Topics.of("home/emon 2/", "ha");
        assertThat(odd.node()).isEqualTo("home_emon_2");
        assertThat(odd.state(5, Quantity.TOTAL)).isEqualTo("home/emon 2/meter/5/total");
        assertThat(odd.config(5, Quantity.TOTAL)).isEqualTo("ha/sensor/home_emon_2/home_emon_2_meter5_total/config");
    }
}
