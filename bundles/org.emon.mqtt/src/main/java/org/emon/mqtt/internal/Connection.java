package org.emon.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.SocketFactory;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.emon.api.integration.IntegrationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link to the broker, used from the publishing thread only (Paho's clients are created and
 * driven from one thread): connects with {@code offline} as last will and publishes {@code online},
 * follows Home Assistant's status and this node's retained discovery configs, and keeps the state
 * that {@code emon:status} shows. Messages from Paho's thread only set flags for the next tick.
 */
final class Connection implements StatePublisher.Sink, MqttCallback {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final String broker;
    private final String clientId;
    private final String username;
    private final char[] password;
    private final SocketFactory sockets;
    private final Topics topics;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicBoolean homeAssistantOnline = new AtomicBoolean();
    private final Queue<String> seenConfigs = new ConcurrentLinkedQueue<>();
    private MqttClient client;
    private volatile boolean connected;
    private volatile String lastError;
    private volatile long lastErrorMillis;

    Connection(String broker, String clientId, String username, char[] password, SocketFactory sockets, Topics topics) {
        this.broker = broker;
        this.clientId = clientId;
        this.username = username;
        this.password = password;
        this.sockets = sockets;
        this.topics = topics;
    }

    boolean connected() {
        return connected && client != null && client.isConnected();
    }

    /** A new client each time, so nothing of a broken session is left over. */
    void connect() throws MqttException {
        drop();
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false); // emon reconnects itself, to publish discovery again
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(30);
        options.setMaxInflight(1000);
        options.setWill(topics.availability(), Topics.OFFLINE.getBytes(StandardCharsets.UTF_8), 1, true);
        if (!username.isEmpty()) {
            options.setUserName(username);
        }
        if (password.length > 0) {
            options.setPassword(password);
        }
        if (sockets != null) {
            options.setSocketFactory(sockets);
            options.setHttpsHostnameVerificationEnabled(true);
        }
        MqttClient fresh = new MqttClient(broker, clientId, new MemoryPersistence());
        fresh.setCallback(this);
        fresh.setTimeToWait(15_000); // a publish never waits forever for an acknowledgement from a broker gone silent
        try {
            fresh.connect(options);
        } catch (MqttException e) {
            closeQuietly(fresh);
            throw e;
        }
        client = fresh;
        connected = true;
        publish(topics.availability(), Topics.ONLINE, true, 1);
        if (topics.discoveryOn()) {
            client.subscribe(topics.homeAssistantStatus(), 1);
            client.subscribe(topics.allConfigs(), 1);
        }
        LOG.info("Connected to MQTT broker {} as {}", broker, clientId);
    }

    @Override
    public void publish(String topic, String payload, boolean retained, int qos) throws MqttException {
        MqttClient c = client;
        if (c == null) {
            throw new MqttException(MqttException.REASON_CODE_CLIENT_NOT_CONNECTED);
        }
        c.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained);
        sent.incrementAndGet();
    }

    /** A clean stop: {@code offline} published (a clean disconnect fires no last will), then disconnected. */
    void close() {
        if (connected()) {
            try {
                publish(topics.availability(), Topics.OFFLINE, true, 1);
                client.disconnect(2_000);
            } catch (MqttException e) {
                LOG.debug("Clean MQTT disconnect failed", e);
            }
        }
        drop();
    }

    /** Forgets the client without a word to the broker. */
    void drop() {
        connected = false;
        if (client != null) {
            closeQuietly(client);
            client = null;
        }
    }

    void failed(Exception e) {
        connected = false;
        lastError = describe(e);
        lastErrorMillis = System.currentTimeMillis();
    }

    /** Whether Home Assistant said {@code online} since the last call. */
    boolean homeAssistantRestarted() {
        return homeAssistantOnline.getAndSet(false);
    }

    /** A retained discovery config of this node seen at the broker since the last call, or null. */
    String nextSeenConfig() {
        return seenConfigs.poll();
    }

    IntegrationState state(String warning) {
        return new IntegrationState("mqtt", broker, connected(), sent.get(), lastError, lastErrorMillis, warning);
    }

    @Override
    public void connectionLost(Throwable cause) {
        connected = false;
        lastError = "connection lost: " + describe(cause);
        lastErrorMillis = System.currentTimeMillis();
        LOG.warn("Lost the MQTT broker {}: {}", broker, lastError);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
        if (topic.equals(topics.homeAssistantStatus())) {
            if (Topics.ONLINE.equals(payload.trim())) {
                homeAssistantOnline.set(true);
            }
        } else if (!payload.isEmpty()) {
            seenConfigs.add(topic);
        }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // QoS 1 publishes wait for their acknowledgement in publish()
    }

    /** The failure as the status shows it: what to check first, if known, then what Paho and the JVM said. */
    static String describe(Throwable e) {
        String hint = hint(e);
        StringBuilder text = new StringBuilder(hint == null ? "" : hint + ": ");
        if (e instanceof MqttException m && m.getReasonCode() == MqttException.REASON_CODE_CLIENT_EXCEPTION && e.getCause() != null) {
            return text.append(e.getCause().getMessage()).toString(); // Paho's wrapper says nothing of its own
        }
        text.append(e.getMessage());
        if (e instanceof MqttException m) {
            text.append(" (").append(m.getReasonCode()).append(')');
        }
        if (e.getCause() != null && e.getCause() != e && e.getCause().getMessage() != null) {
            text.append(": ").append(e.getCause().getMessage());
        }
        return text.toString();
    }

    private static String hint(Throwable e) {
        if (e instanceof MqttException m && (m.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                || m.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED)) {
            return "the broker refused the user name or password (username, password.file)";
        }
        boolean certificate = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return "the broker's TLS certificate is not from a trusted CA (tls.ca.file)";
            }
            certificate |= t instanceof CertificateException;
        }
        return certificate ? "the broker's TLS certificate was refused" : null;
    }

    private static void closeQuietly(MqttClient c) {
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 500);
            }
            c.close(true);
        } catch (MqttException e) {
            LOG.debug("Closing an MQTT client", e);
        }
    }
}
