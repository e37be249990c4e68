package org.emon.mqtt.internal;

import java.util.Locale;

import org.emon.api.Meter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Home Assistant MQTT discovery: one device per meter, one sensor per {@link Quantity}, each config
 * published retained so that Home Assistant finds it whenever it starts.
 */
final class Discovery {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Topics topics;
    private final String version;

    Discovery(Topics topics, String version) {
        this.topics = topics;
        this.version = version;
    }

    /** The config of one sensor of a meter, as JSON. */
    String config(Meter meter, Quantity quantity) {
        ObjectNode config = JSON.createObjectNode();
        String object = topics.object(meter.id(), quantity);
        config.put("name", quantity.label(meter.kind()));
        config.put("unique_id", object);
        config.put("default_entity_id", "sensor." + object);
        config.put("state_topic", topics.state(meter.id(), quantity));
        config.put("unit_of_measurement", quantity.unit(meter.kind()));
        config.put("device_class", quantity.deviceClass(meter.kind()));
        config.put("state_class", quantity.stateClass());
        config.put("suggested_display_precision", quantity == Quantity.POWER && "W".equals(quantity.unit(meter.kind())) ? 0 : 3);
        config.put("availability_topic", topics.availability());
        config.put("payload_available", Topics.ONLINE);
        config.put("payload_not_available", Topics.OFFLINE);
        ObjectNode device = config.putObject("device");
        device.putArray("identifiers").add(topics.node() + "_meter" + meter.id());
        device.put("name", meter.description().isBlank() ? "Meter " + meter.id() : meter.description());
        device.put("manufacturer", "emon");
        device.put("model", model(meter));
        device.put("sw_version", version);
        if (!meter.location().isBlank()) {
            device.put("suggested_area", meter.location());
        }
        ObjectNode origin = config.putObject("origin");
        origin.put("name", "emon");
        origin.put("sw_version", version);
        return config.toString();
    }

    /** E.g. "Electricity meter, 1000 imp/kWh". */
    private static String model(Meter meter) {
        String kind = meter.kind().toString();
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + " meter, "
                + String.format(Locale.ROOT, "%s imp/%s", Values.plain(meter.impulsesPerUnit()), meter.kind().energyUnit());
    }
}
