package org.emon.mqtt.internal;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.emon.api.LivePower;
import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.emon.api.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to publish, decided on each tick of the publishing thread: discovery configs that changed
 * (and empty ones for removed meters), power that changed (at most every power interval), totals
 * that grew (at most every total interval). Nothing is queued: a value that changes twice between
 * two ticks is published once, and after a reconnect everything is published afresh.
 */
final class StatePublisher {

    /** Where messages go; the connection in the bundle, a recorder in tests. */
    interface Sink {
        void publish(String topic, String payload, boolean retained, int qos) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(StatePublisher.class);

    private final MeterRegistry meters;
    private final LivePower power;
    private final Values values;
    private final Topics topics;
    private final Discovery discovery;
    private final long powerIntervalMillis;
    private final long totalIntervalMillis;
    private final TotalGuard guard = new TotalGuard();
    /** What this connection has published: state topic or config topic to payload. */
    private final Map<String, String> sent = new HashMap<>();
    private final Map<String, BigDecimal> refused = new HashMap<>();
    private Set<String> wantedConfigs = Set.of();
    private Set<Integer> knownMeters = Set.of();
    private long nextPower;
    private long nextTotal;

    StatePublisher(MeterRegistry meters, LivePower power, Values values, Topics topics, Discovery discovery,
            long powerIntervalMillis, long totalIntervalMillis) {
        this.meters = meters;
        this.power = power;
        this.values = values;
        this.topics = topics;
        this.discovery = discovery;
        this.powerIntervalMillis = powerIntervalMillis;
        this.totalIntervalMillis = totalIntervalMillis;
    }

    /** Publish everything again on the next tick: after a (re)connect, or when Home Assistant restarted. */
    void republish() {
        sent.clear();
        nextPower = 0;
        nextTotal = 0;
    }

    /**
     * A retained config found at the broker: removed if it is not one of a configured meter's (as
     * of the last {@link #tick}, so call it after one).
     */
    void seenConfig(String configTopic, Sink sink) throws Exception {
        if (topics.discoveryOn() && !wantedConfigs.contains(configTopic)) {
            LOG.info("Removing Home Assistant discovery config {}: its meter is not configured", configTopic);
            sink.publish(configTopic, "", true, 1);
        }
    }

    void tick(long nowMillis, Sink sink) throws Exception {
        List<Meter> list = meters.meters();
        configs(list, sink);
        if (nowMillis >= nextPower) {
            nextPower = nowMillis + powerIntervalMillis;
            for (Meter meter : list) {
                BigDecimal value = Values.power(power.reading(meter.id()).value(), meter.kind() == MeterKind.ELECTRICITY);
                send(sink, topics.state(meter.id(), Quantity.POWER), value.toPlainString(), 0);
            }
        }
        if (nowMillis >= nextTotal) {
            nextTotal = nowMillis + totalIntervalMillis;
            for (Meter meter : list) {
                BigDecimal total = values.total(meter);
                total(sink, topics.state(meter.id(), Quantity.TOTAL), total);
                if (Quantity.TOTAL_KWH.of(meter)) {
                    total(sink, topics.state(meter.id(), Quantity.TOTAL_KWH), Values.kwh(meter, total));
                }
            }
        }
    }

    private void configs(List<Meter> list, Sink sink) throws Exception {
        Map<String, String> wanted = new LinkedHashMap<>();
        Set<Integer> ids = new HashSet<>();
        for (Meter meter : list) {
            ids.add(meter.id());
            if (topics.discoveryOn()) {
                for (Quantity quantity : Quantity.values()) {
                    if (quantity.of(meter)) {
                        wanted.put(topics.config(meter.id(), quantity), discovery.config(meter, quantity));
                    }
                }
            }
        }
        Set<String> previous = wantedConfigs;
        wantedConfigs = Set.copyOf(wanted.keySet());
        for (String topic : previous) {
            if (!wanted.containsKey(topic)) {
                sink.publish(topic, "", true, 1);
                sent.remove(topic);
            }
        }
        for (int removed : knownMeters) {
            if (!ids.contains(removed)) {
                for (Quantity quantity : Quantity.values()) {
                    sink.publish(topics.state(removed, quantity), "", true, 1);
                    sent.remove(topics.state(removed, quantity));
                }
                LOG.info("Meter {} is no longer configured: its MQTT topics are cleared", removed);
            }
        }
        knownMeters = ids;
        for (Map.Entry<String, String> config : wanted.entrySet()) {
            send(sink, config.getKey(), config.getValue(), 1);
        }
    }

    /** A total only if it grew: never 0, never below what was published (see {@link TotalGuard}). */
    private void total(Sink sink, String topic, BigDecimal value) throws Exception {
        String payload = value.toPlainString();
        if (payload.equals(sent.get(topic))) {
            return;
        }
        if (!guard.admit(topic, value)) {
            if (value.signum() > 0 && !value.equals(refused.put(topic, value))) {
                LOG.warn("Not publishing {} = {}: it is below the total published before (a changed meter reading?)", topic, payload);
            }
            return;
        }
        send(sink, topic, payload, 1);
    }

    /** Retained and only on change: a late subscriber gets the last value from the broker. */
    private void send(Sink sink, String topic, String payload, int qos) throws Exception {
        if (!payload.equals(sent.get(topic))) {
            sink.publish(topic, payload, true, qos);
            sent.put(topic, payload);
        }
    }
}
