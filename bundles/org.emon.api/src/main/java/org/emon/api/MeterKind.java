package org.emon.api;

import java.util.Locale;

/** What a meter measures, and so in which units its energy and power are expressed. */
public enum MeterKind {
    /** Impulses are counted per kWh; power in W. */
    ELECTRICITY("kWh", "W", 3.6e9),
    /** Impulses are counted per m3; flow in m3/h. */
    GAS("m3", "m3/h", 3.6e6),
    /** Impulses are counted per m3; flow in m3/h. */
    WATER("m3", "m3/h", 3.6e6);

    private final String energyUnit;
    private final String powerUnit;
    /** Power unit x milliseconds per energy unit: 1 kWh = 3.6e9 W ms; 1 m3 = 3.6e6 (m3/h) ms. */
    private final double powerMillisPerUnit;

    MeterKind(String energyUnit, String powerUnit, double powerMillisPerUnit) {
        this.energyUnit = energyUnit;
        this.powerUnit = powerUnit;
        this.powerMillisPerUnit = powerMillisPerUnit;
    }

    /**
     * The power (W) or flow (m3/h) that one impulse per {@code intervalMillis} means, e.g. 3600 W
     * for one impulse a second at 1000 imp/kWh: {@code 3.6e6 / (impulses per kWh x seconds)}.
     */
    public double power(double impulsesPerUnit, double intervalMillis) {
        return powerMillisPerUnit / (impulsesPerUnit * intervalMillis);
    }

    /** The inverse of {@link #power}: milliseconds between impulses at a given power or flow. */
    public double intervalMillis(double impulsesPerUnit, double power) {
        return powerMillisPerUnit / (impulsesPerUnit * power);
    }

    /** The unit that {@code impulses.per.unit} counts per: kWh or m3. */
    public String energyUnit() {
        return energyUnit;
    }

    /** The unit of instantaneous power or flow: W or m3/h. */
    public String powerUnit() {
        return powerUnit;
    }

    /**
     * Parses a configuration value such as {@code electricity} or {@code GAS}.
     *
     * @throws IllegalArgumentException naming the allowed values when {@code value} is none of them
     */
    public static MeterKind parse(String value) {
        if (value != null) {
            for (MeterKind kind : values()) {
                if (kind.name().equalsIgnoreCase(value.trim())) {
                    return kind;
                }
            }
        }
        throw new IllegalArgumentException("unknown meter kind '" + value + "': expected electricity, gas or water");
    }

    /** The configuration spelling: lower case. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
