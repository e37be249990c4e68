package org.emon.mqtt.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.SocketFactory;

import org.emon.api.LivePower;
import org.emon.api.MeterRegistry;
import org.emon.api.integration.IntegrationState;
import org.emon.api.integration.IntegrationStatus;
import org.emon.api.store.PulseQueries;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes meters to an MQTT broker when etc/org.emon.mqtt.cfg names one. Everything runs on one
 * thread of its own that reads power and the store's totals on a schedule: the pulse path never
 * waits for the broker, and a broker that is down only delays publishing (reconnects back off).
 */
// Not a DS service: DS would copy the configuration, password included, into the service's properties.
@Component(service = {}, configurationPid = "org.emon.mqtt", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MqttConfig.class)
public final class MqttPublisher implements IntegrationStatus {

    private static final Logger LOG = LoggerFactory.getLogger(MqttPublisher.class);
    static final long MIN_INTERVAL_MILLIS = 100;

    private final Connection connection;
    private final StatePublisher publisher;
    private final Backoff backoff;
    private final ScheduledExecutorService thread;
    private ServiceRegistration<IntegrationStatus> registration;

    @Activate
    public MqttPublisher(BundleContext context, MqttConfig config, @Reference MeterRegistry meters, @Reference LivePower power,
            @Reference PulseQueries store) throws IOException, GeneralSecurityException {
        this(context.getBundle().getVersion().toString(), config, meters, power, store,
                Path.of(System.getProperty("karaf.data", "data"), "emon", "mqtt-totals"));
        this.registration = context.registerService(IntegrationStatus.class, this, null);
    }

    /** @param totalsFile where the highest total published on each topic is kept across restarts */
    MqttPublisher(String version, MqttConfig config, MeterRegistry meters, LivePower power, PulseQueries store, Path totalsFile)
            throws IOException, GeneralSecurityException {
        String broker = config.broker() == null ? "" : config.broker().trim();
        if (!broker.startsWith("tcp://") && !broker.startsWith("ssl://")) {
            throw new IllegalArgumentException("broker must be tcp://host:port or ssl://host:port, not '" + broker + "'");
        }
        Topics topics = Topics.of(config.topic_prefix(), config.discovery_prefix());
        long powerInterval = Math.max(MIN_INTERVAL_MILLIS, config.power_interval_millis());
        long totalInterval = Math.max(MIN_INTERVAL_MILLIS, config.total_interval_millis());
        SocketFactory sockets = broker.startsWith("ssl://") && !config.tls_ca_file().isBlank()
                ? Tls.trusting(Path.of(config.tls_ca_file().trim()))
                : null;
        this.connection = new Connection(broker, config.client_id(), config.username().trim(), password(config), sockets, topics);
        this.publisher = new StatePublisher(meters, power, new Values(store), topics, new Discovery(topics, version), powerInterval,
                totalInterval, TotalGuard.load(totalsFile));
        this.backoff = new Backoff(config.reconnect_max_seconds() * 1000L);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "emon-mqtt"));
        thread.scheduleWithFixedDelay(this::tick, 0, Math.min(powerInterval, totalInterval), TimeUnit.MILLISECONDS);
        LOG.info("Publishing meters to MQTT broker {} under {} (discovery: {})", broker, topics.prefix(),
                topics.discoveryOn() ? topics.discovery() : "off");
    }

    /** One step of the publishing thread: connect when due, then publish what changed. */
    private void tick() {
        long now = System.currentTimeMillis();
        try {
            if (!connection.connected()) {
                if (!backoff.due(now)) {
                    return;
                }
                connection.connect();
                backoff.succeeded();
                publisher.republish();
            }
            if (connection.homeAssistantRestarted()) {
                LOG.info("Home Assistant is online: publishing discovery again");
                publisher.republish();
            }
            publisher.tick(now, connection);
            // after the tick, which knows the configured meters: never a configured meter's config removed, even for a moment
            for (String config = connection.nextSeenConfig(); config != null; config = connection.nextSeenConfig()) {
                publisher.seenConfig(config, connection);
            }
        } catch (Exception e) {
            // the broker is down or refused us: try again later; counting and storing go on
            connection.failed(e);
            connection.drop();
            long wait = backoff.failed(now);
            if (wait <= 1000) {
                LOG.warn("Cannot publish to the MQTT broker ({}); trying again, at most every {} s", Connection.describe(e),
                        backoff.maxMillis() / 1000);
            } else {
                LOG.debug("Still cannot publish to the MQTT broker ({}); next attempt in {} s", Connection.describe(e), wait / 1000);
            }
        }
    }

    @Override
    public IntegrationState state() {
        return connection.state(publisher.warning());
    }

    @Deactivate
    void stop() throws InterruptedException {
        if (registration != null) {
            registration.unregister();
        }
        // the goodbye on the publishing thread itself, after a tick that may be running; ticks stop with shutdown()
        Future<?> goodbye = thread.submit(connection::close);
        thread.shutdown();
        try {
            goodbye.get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("MQTT did not stop cleanly: {}", e.toString());
        } finally {
            thread.shutdownNow();
        }
    }

    /** The password from the configuration or from the first line of password.file; never logged. */
    static char[] password(MqttConfig config) throws IOException {
        if (!config.password_file().isBlank()) {
            List<String> lines = Files.readAllLines(Path.of(config.password_file().trim()), StandardCharsets.UTF_8);
            return lines.isEmpty() ? new char[0] : lines.get(0).toCharArray();
        }
        return config.password().toCharArray();
    }
}
