package org.emon.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A test client that records every message on {@code #}, as Home Assistant or Node-RED would see them. */
public final class Subscriber implements AutoCloseable {

    public record Message(String topic, String payload, boolean retained, long nanos) {
    }

    private final List<Message> messages = new ArrayList<>();
    private final Map<String, String> last = new ConcurrentHashMap<>();
    private final MqttClient client;

    public Subscriber(String url) throws MqttException {
        this(url, "#");
    }

    public Subscriber(String url, String filter) throws MqttException {
        this(url, filter, new MqttConnectOptions());
    }

    /** With the given options: a user and password, TLS sockets. */
    public Subscriber(String url, String filter, MqttConnectOptions options) throws MqttException {
        client = new MqttClient(url, "test-" + System.nanoTime(), new MemoryPersistence());
        options.setCleanSession(true);
        client.connect(options);
        client.subscribe(filter, 1, (topic, m) -> {
            String payload = new String(m.getPayload(), StandardCharsets.UTF_8);
            synchronized (messages) {
                messages.add(new Message(topic, payload, m.isRetained(), System.nanoTime()));
                messages.notifyAll();
            }
            last.put(topic, payload);
        });
    }

    public void publish(String topic, String payload, boolean retained) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retained);
    }

    public List<Message> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    public List<Message> on(String topic) {
        return messages().stream().filter(m -> m.topic().equals(topic)).toList();
    }

    /** The first message (from now on, or already seen) that matches, waiting up to {@code timeout}. */
    public Message await(Predicate<Message> wanted, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (messages) {
            while (true) {
                Optional<Message> found = messages.stream().filter(wanted).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no message " + what + " within " + timeout + "; seen: " + new ArrayList<>(messages));
                }
                messages.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    public Message await(String topic, Predicate<String> payload, Duration timeout) throws InterruptedException {
        return await(m -> m.topic().equals(topic) && payload.test(m.payload()), timeout, "on " + topic);
    }

    public void clear() {
        synchronized (messages) {
            messages.clear();
        }
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
        } catch (MqttException e) {
            // the connection went away meanwhile (a test killed the broker): nothing left to disconnect
            if (e.getReasonCode() != MqttException.REASON_CODE_CLIENT_DISCONNECTING
                    && e.getReasonCode() != MqttException.REASON_CODE_CLIENT_ALREADY_DISCONNECTED) {
                throw e;
            }
        }
        client.close();
    }
}
