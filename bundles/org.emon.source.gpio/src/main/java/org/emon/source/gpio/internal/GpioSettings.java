package org.emon.source.gpio.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A GPIO source's configuration, checked. Every problem is reported at once, each naming its key,
 * so that one look at {@code emon:sources} tells what to fix in the file.
 */
record GpioSettings(int meterId, int pin, Type type, Pull pull, Edge edge, double debounceMillis, Backend backend) {

    /** The GPIOs on the Raspberry Pi's 40-pin header (the same numbers on the Pi 4 and the Pi 5). */
    static final int MAX_PIN = 27;

    enum Type {
        /**
         * A 555 Schmitt trigger's clean output; at 10,000 imp/kWh it can pulse every 8 ms with
         * phases of 2 ms, so a level need only hold 1 ms to count.
         */
        LED(1, Pull.OFF),
        /** A reed contact bounces for a few ms and closes at most a few times a second. */
        REED(30, Pull.UP);

        final double debounceMillis;
        final Pull pull;

        Type(double debounceMillis, Pull pull) {
            this.debounceMillis = debounceMillis;
            this.pull = pull;
        }
    }

    enum Pull { UP, DOWN, OFF }

    /** How the input is read: Pi4J where it works and the kernel's uAPI v2 otherwise, or one of them. */
    enum Backend { AUTO, PI4J, UAPI2 }

    enum Edge {
        FALLING, RISING, BOTH;

        /** Whether a settled change to {@code high} is one impulse. */
        boolean counts(boolean high) {
            return this == BOTH || (this == RISING) == high;
        }
    }

    long debounceNanos() {
        return Math.round(debounceMillis * 1_000_000);
    }

    /**
     * @param properties the raw configuration, to tell an absent key (which takes the type's default)
     *                   from a configured one and to quote a value that is not a number
     * @throws IllegalArgumentException naming every bad key and its value
     */
    static GpioSettings of(GpioConfig config, Map<String, ?> properties) {
        List<String> problems = new ArrayList<>();
        int meterId = 0;
        if (!properties.containsKey("meter.id")) {
            problems.add("meter.id is required: the id of a meter configured in etc/org.emon.meter-*.cfg");
        } else if (read(problems, properties, "meter.id", config::meter_id) instanceof Integer id) {
            meterId = id;
            if (id <= 0) {
                problems.add("meter.id must be a positive meter id, not " + id);
            }
        }
        int pin = -1;
        if (!properties.containsKey("pin")) {
            problems.add("pin is required: the BCM number of the GPIO input, 0 to " + MAX_PIN);
        } else if (read(problems, properties, "pin", config::pin) instanceof Integer p) {
            pin = p;
            if (p < 0 || p > MAX_PIN) {
                problems.add("pin must be a BCM GPIO number from 0 to " + MAX_PIN + ", not " + p);
            }
        }
        Type type = choice(problems, "type", config.type(), Type.class, Type.LED);
        Pull pull = properties.containsKey("pull") ? choice(problems, "pull", config.pull(), Pull.class, type.pull) : type.pull;
        Edge edge = choice(problems, "edge", config.edge(), Edge.class, Edge.FALLING);
        Backend backend = choice(problems, "backend", config.backend(), Backend.class, Backend.AUTO);
        double debounce = type.debounceMillis;
        if (properties.containsKey("debounce.ms") && read(problems, properties, "debounce.ms", config::debounce_ms) instanceof Double d) {
            debounce = d;
            // NaN fails both comparisons
            if (!(d >= 0 && d <= 1000)) {
                problems.add("debounce.ms must be from 0 to 1000 (ms), not " + d);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new GpioSettings(meterId, pin, type, pull, edge, debounce, backend);
    }

    /**
     * Reads a number; the framework's conversion fails on the call when the text is not one.
     *
     * @return the value, or null after adding the problem
     */
    private static Object read(List<String> problems, Map<String, ?> properties, String key, Supplier<?> value) {
        try {
            return value.get();
        } catch (RuntimeException e) {
            problems.add(key + " must be a number, not '" + properties.get(key) + "'");
            return null;
        }
    }

    private static <E extends Enum<E>> E choice(List<String> problems, String key, String value, Class<E> values, E fallback) {
        String text = value == null ? "" : value.trim();
        for (E candidate : values.getEnumConstants()) {
            if (candidate.name().equalsIgnoreCase(text)) {
                return candidate;
            }
        }
        List<String> names = new ArrayList<>();
        for (E candidate : values.getEnumConstants()) {
            names.add(candidate.name().toLowerCase(Locale.ROOT));
        }
        problems.add(key + " must be one of " + String.join(", ", names) + ", not '" + text + "'");
        return fallback;
    }
}
