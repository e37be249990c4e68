package org.emon.mqtt.internal;

import org.emon.api.Meter;
import org.emon.api.MeterKind;

/** What one of a meter's sensors shows: its power or flow now, its total, or a gas total in kWh. */
enum Quantity {
    POWER("power"), TOTAL("total"), TOTAL_KWH("total_kwh");

    private final String key;

    Quantity(String key) {
        this.key = key;
    }

    /** The last part of its state topic and of its object id. */
    String key() {
        return key;
    }

    /** Whether a meter has this sensor: kWh of gas only with a calorific value. */
    boolean of(Meter meter) {
        return this != TOTAL_KWH || (meter.kind() == MeterKind.GAS && meter.calorificValue() > 0);
    }

    /** The unit as Home Assistant spells it: the Energy dashboard refuses "m3" for gas. */
    String unit(MeterKind kind) {
        return switch (this) {
            case POWER -> kind == MeterKind.ELECTRICITY ? "W" : "m³/h";
            case TOTAL -> kind == MeterKind.ELECTRICITY ? "kWh" : "m³";
            case TOTAL_KWH -> "kWh";
        };
    }

    /** Home Assistant's device class; with {@link #stateClass} what its Energy dashboard accepts. */
    String deviceClass(MeterKind kind) {
        return switch (this) {
            case POWER -> kind == MeterKind.ELECTRICITY ? "power" : "volume_flow_rate";
            case TOTAL -> switch (kind) {
                case ELECTRICITY -> "energy";
                case GAS -> "gas";
                case WATER -> "water";
            };
            case TOTAL_KWH -> "energy";
        };
    }

    String stateClass() {
        return this == POWER ? "measurement" : "total_increasing";
    }

    /** The sensor's name within its device (Home Assistant shows "device name" + this). */
    String label(MeterKind kind) {
        return switch (this) {
            case POWER -> switch (kind) {
                case ELECTRICITY -> "Power";
                case GAS -> "Gas flow";
                case WATER -> "Water flow";
            };
            case TOTAL -> switch (kind) {
                case ELECTRICITY -> "Energy";
                case GAS -> "Gas";
                case WATER -> "Water";
            };
            case TOTAL_KWH -> "Gas energy";
        };
    }
}
