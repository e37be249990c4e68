package org.emon.mqtt.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
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
    private final TotalGuard guard;
    /** What this connection has published: state topic or config topic to payload. */
    private final Map<String, String> sent = new HashMap<>();
    private Set<String> wantedConfigs = Set.of();
    private Set<Integer> knownMeters = Set.of();
    private long nextPower;
    private long nextTotal;

    StatePublisher(MeterRegistry meters, LivePower power, Values values, Topics topics, Discovery discovery,
            long powerIntervalMillis, long totalIntervalMillis, TotalGuard guard) {
        this.meters = meters;
        this.power = power;
        this.values = values;
        this.topics = topics;
        this.discovery = discovery;
        this.powerIntervalMillis = powerIntervalMillis;
        this.totalIntervalMillis = totalIntervalMillis;
        this.guard = guard;
    }

    /** What is held back now, or null: see {@link TotalGuard#warning()}. */
    String warning() {
        return guard.warning();
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
            totals(list, sink);
        }
    }

    /**
     * Totals that grew, recorded by the guard (one file write for all of them) before any is
     * published: never 0, never below what was published, also before a restart (see {@link TotalGuard}).
     */
    private void totals(List<Meter> list, Sink sink) throws Exception {
        Map<String, BigDecimal> due = new LinkedHashMap<>();
        Set<String> configured = new HashSet<>();
        for (Meter meter : list) {
            BigDecimal total = values.total(meter);
            due(due, configured, topics.state(meter.id(), Quantity.TOTAL), total);
            if (Quantity.TOTAL_KWH.of(meter)) {
                due(due, configured, topics.state(meter.id(), Quantity.TOTAL_KWH), Values.kwh(meter, total));
            }
        }
        if (!due.isEmpty() && guard.record(due, configured)) {
            for (Map.Entry<String, BigDecimal> total : due.entrySet()) {
                send(sink, total.getKey(), total.getValue().toPlainString(), 1);
            }
        }
    }

    private void due(Map<String, BigDecimal> due, Set<String> configured, String topic, BigDecimal value) {
        configured.add(topic);
        if (!value.toPlainString().equals(sent.get(topic)) && guard.admit(topic, value)) {
            due.put(topic, value);
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
                List<String> states = new ArrayList<>();
                for (Quantity quantity : Quantity.values()) {
                    states.add(topics.state(removed, quantity));
                }
                guard.forget(states);
                for (String state : states) {
                    sink.publish(state, "", true, 1);
                    sent.remove(state);
                }
                LOG.info("Meter {} is no longer configured: its MQTT topics are cleared", removed);
            }
        }
        knownMeters = ids;
        for (Map.Entry<String, String> config : wanted.entrySet()) {
            send(sink, config.getKey(), config.getValue(), 1);
        }
    }

    /** Retained and only on change: a late subscriber gets the last value from the broker. */
    private void send(Sink sink, String topic, String payload, int qos) throws Exception {
        if (!payload.equals(sent.get(topic))) {
            sink.publish(topic, payload, true, qos);
            sent.put(topic, payload);
        }
    }
}
