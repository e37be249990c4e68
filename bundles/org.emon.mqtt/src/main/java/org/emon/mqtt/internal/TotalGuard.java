package org.emon.mqtt.internal;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * Home Assistant takes any drop of a total_increasing sensor as a meter reset and books the whole
 * total again: this lets a total through only if it is above zero and not below the highest one
 * published for that topic since emon started.
 */
final class TotalGuard {

    private final Map<String, BigDecimal> highest = new HashMap<>();

    /** Whether {@code value} may be published on {@code topic}; if so it is remembered. */
    boolean admit(String topic, BigDecimal value) {
        if (value.signum() <= 0) {
            return false;
        }
        BigDecimal before = highest.get(topic);
        if (before != null && value.compareTo(before) < 0) {
            return false;
        }
        highest.put(topic, value);
        return true;
    }
}
