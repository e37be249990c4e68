package org.emon.rest.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.time.ZoneId;
import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.emon.api.MeterStatus;
import org.emon.api.MeterStatus.SourceInfo;
import org.emon.api.StatusService;
import org.emon.api.integration.IntegrationState;
import org.emon.api.integration.IntegrationStatus;
import org.emon.api.rest.RestProperties;
import org.emon.api.store.MeterCounters;
import org.emon.api.store.StoreHealth;
import org.emon.api.store.StoreState;
import org.emon.api.store.StoreStatus;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code GET /api/v1/status} for any logged-in user: what {@code emon:status} shows, for monitoring
 * from outside (version, uptime, meters, sources, the store's counters and health, integrations such as
 * MQTT). Times inside
 * are milliseconds since 1970 (as ingest takes them), {@code null} when there is none.
 */
@Component(service = StatusResource.class, property = RestProperties.RESOURCE + "=true")
@Path("v1/status")
public final class StatusResource {

    /** {@code started} ISO-8601 in the server's zone; {@code version} the REST bundle's (emon's release). */
    public record Status(String version, String started, long uptimeSeconds, List<MeterView> meters,
            List<SourceView> orphanSources, StoreView store, List<IntegrationState> integrations) {
    }

    public record MeterView(int id, String description, String kind, long pulsesStored, double power, String unit,
            Long lastPulse, List<SourceView> sources) {
    }

    public record SourceView(String name, int meterId, String state, String detail, long pulsesDelivered, Long lastPulse) {
    }

    /** {@code state} OK, RETRYING or DISK_FULL (see {@link StoreState}); {@code freeBytes} -1 if unknown. */
    public record StoreView(String database, long received, long committed, long duplicates, long refused, int queued,
            int queueCapacity, long commits, long failedAttempts, boolean failing, String state, String stateDetail,
            long freeBytes, String lastError, Long lastErrorTime, List<MeterCounters> meters) {
    }

    private final String version;
    private final StatusService status;
    private final StoreHealth store;
    /** Connections to other systems (an MQTT broker): come and go with their configuration. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<IntegrationStatus> integrations = List.of();

    @Activate
    public StatusResource(BundleContext context, @Reference StatusService status, @Reference StoreHealth store) {
        this(context.getBundle().getVersion().toString(), status, store);
    }

    StatusResource(String version, StatusService status, StoreHealth store) {
        this.version = version;
        this.status = status;
        this.store = store;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Status status() {
        // the JVM's uptime is emon's: the distribution runs nothing else
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        String started = Iso.millis(runtime.getStartTime(), ZoneId.systemDefault());
        return new Status(version, started, runtime.getUptime() / 1000, status.meters().stream().map(StatusResource::meter).toList(),
                status.orphanSources().stream().map(StatusResource::source).toList(), store(store.status()),
                integrations.stream().map(IntegrationStatus::state).toList());
    }

    private static MeterView meter(MeterStatus m) {
        long last = Math.max(m.power().lastPulseMillis(),
                m.sources().stream().mapToLong(s -> s.status().lastPulseMillis()).max().orElse(0));
        return new MeterView(m.meter().id(), m.meter().description(), m.meter().kind().toString(), m.pulsesStored(),
                m.power().value(), m.power().unit(), time(last), m.sources().stream().map(StatusResource::source).toList());
    }

    private static SourceView source(SourceInfo s) {
        return new SourceView(s.name(), s.meterId(), s.status().state().name(), s.status().detail(),
                s.status().pulsesDelivered(), time(s.status().lastPulseMillis()));
    }

    private static StoreView store(StoreStatus s) {
        return new StoreView(s.database(), s.received(), s.committed(), s.duplicates(), s.refused(), s.queued(),
                s.queueCapacity(), s.commits(), s.failedAttempts(), s.failing(), s.state().name(), s.stateDetail(),
                s.freeBytes(), s.lastError(), time(s.lastErrorMillis()),
                List.copyOf(s.meters().values()));
    }

    private static Long time(long millis) {
        return millis <= 0 ? null : millis;
    }
}
