package org.emon.rest.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.emon.api.MeterStatus;
import org.emon.api.StatusService;
import org.emon.api.SourceStatus;
import org.emon.api.auth.AuthStatistics;
import org.emon.api.rest.RestProperties;
import org.emon.api.store.StoreHealth;
import org.emon.api.store.StoreState;
import org.emon.api.store.StoreStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /metrics} in Prometheus' text format, for a {@code metrics} or {@code admin} API token
 * or an admin: per meter power, energy and pulses stored; sources' states; the store's queue and
 * counters; REST answers by status; failed logins; JVM memory, garbage collection and threads.
 */
@Component(service = MetricsResource.class, property = RestProperties.RESOURCE + "=true")
@Path(PrefixFilter.METRICS)
public final class MetricsResource {

    private final StatusService status;
    private final StoreHealth store;
    private final HttpRequestCounter requests;
    private final AuthStatistics auth;

    @Activate
    public MetricsResource(@Reference StatusService status, @Reference StoreHealth store, @Reference HttpRequestCounter requests,
            @Reference AuthStatistics auth) {
        this.status = status;
        this.store = store;
        this.requests = requests;
        this.auth = auth;
    }

    @GET
    @Produces(Exposition.CONTENT_TYPE)
    @RolesAllowed({ RestProperties.ROLE_ADMIN, RestProperties.ROLE_METRICS })
    public Response metrics() {
        Exposition out = new Exposition();
        meters(out, status.meters());
        sources(out, status.meters());
        store(out, store.status());
        out.family("emon_http_requests_total", "counter", "REST answers (under /api, /apiv2 and /metrics) by status code.");
        requests.byStatus().forEach((code, count) -> out.sample(count, "code", Integer.toString(code)));
        out.family("emon_login_failures_total", "counter", "Logins refused for a wrong user name or password.")
                .sample(auth.loginFailures());
        jvm(out);
        return Response.ok(out.toString(), Exposition.CONTENT_TYPE).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private static void meters(Exposition out, List<MeterStatus> meters) {
        out.family("emon_meter_power", "gauge", "Current power by meter: W for electricity, m3/h for gas and water (unit label).");
        meters.forEach(m -> out.sample(m.power().value(), "meter", id(m), "kind", m.meter().kind().toString(), "unit",
                m.meter().kind().powerUnit()));
        out.family("emon_meter_pulses_total", "counter", "Pulses stored by meter.");
        meters.forEach(m -> out.sample(m.pulsesStored(), "meter", id(m)));
        out.family("emon_meter_energy_total", "counter",
                "Energy (kWh) or volume (m3) counted by meter: pulses stored divided by impulses per unit (unit label).");
        meters.forEach(m -> {
            double ipu = m.meter().impulsesPerUnit();
            if (ipu > 0) {
                out.sample(m.pulsesStored() / ipu, "meter", id(m), "kind", m.meter().kind().toString(), "unit",
                        m.meter().kind().energyUnit());
            }
        });
    }

    private static void sources(Exposition out, List<MeterStatus> meters) {
        out.family("emon_source_state", "gauge", "1 for the state each pulse source is in, 0 for the others.");
        for (MeterStatus m : meters) {
            for (MeterStatus.SourceInfo s : m.sources()) {
                for (SourceStatus.State state : SourceStatus.State.values()) {
                    out.sample(s.status().state() == state ? 1 : 0, "meter", id(m), "source", s.name(), "state", state.name().toLowerCase(Locale.ROOT));
                }
            }
        }
        out.family("emon_source_pulses_total", "counter", "Pulses delivered by each source since it started.");
        meters.forEach(m -> m.sources().forEach(s -> out.sample(s.status().pulsesDelivered(), "meter", id(m), "source", s.name())));
    }

    private static void store(Exposition out, StoreStatus s) {
        out.family("emon_store_queued", "gauge", "Entries waiting to be committed.").sample(s.queued());
        out.family("emon_store_queue_capacity", "gauge", "The store queue's size limit.").sample(s.queueCapacity());
        out.family("emon_store_commits_total", "counter", "Store transactions committed.").sample(s.commits());
        out.family("emon_store_failed_attempts_total", "counter", "Commit attempts that failed and were retried.").sample(s.failedAttempts());
        out.family("emon_store_failing", "gauge", "1 while the latest commit attempt failed.").sample(s.failing() ? 1 : 0);
        out.family("emon_store_disk_full", "gauge", "1 while the disk holding the database is full (ingest is refused).")
                .sample(s.state() == StoreState.DISK_FULL ? 1 : 0);
        if (s.freeBytes() >= 0) {
            out.family("emon_store_free_bytes", "gauge", "Bytes free for the database on its file system.").sample(s.freeBytes());
        }
        out.family("emon_store_pulses_received_total", "counter", "Pulses given to the store since it started.").sample(s.received());
        out.family("emon_store_pulses_committed_total", "counter", "Pulses newly stored since the store started.").sample(s.committed());
        out.family("emon_store_pulses_duplicate_total", "counter", "Pulses that were already stored.").sample(s.duplicates());
        out.family("emon_store_pulses_refused_total", "counter", "Pulses refused: queue full, disk full or store stopping.").sample(s.refused());
    }

    private static void jvm(Exposition out) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        out.family("jvm_memory_used_bytes", "gauge", "JVM memory in use.")
                .sample(heap.getUsed(), "area", "heap").sample(nonHeap.getUsed(), "area", "nonheap");
        out.family("jvm_memory_committed_bytes", "gauge", "JVM memory committed by the operating system.")
                .sample(heap.getCommitted(), "area", "heap").sample(nonHeap.getCommitted(), "area", "nonheap");
        out.family("jvm_memory_max_bytes", "gauge", "The most memory the JVM may use (-1: no limit).")
                .sample(heap.getMax(), "area", "heap").sample(nonHeap.getMax(), "area", "nonheap");
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        out.family("jvm_gc_collections_total", "counter", "Garbage collections by collector.");
        gcs.forEach(gc -> out.sample(Math.max(0, gc.getCollectionCount()), "gc", gc.getName()));
        out.family("jvm_gc_collection_seconds_total", "counter", "Time spent in garbage collection by collector.");
        gcs.forEach(gc -> out.sample(Math.max(0, gc.getCollectionTime()) / 1000.0, "gc", gc.getName()));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        out.family("jvm_threads_current", "gauge", "Live threads.").sample(threads.getThreadCount());
        out.family("jvm_threads_daemon", "gauge", "Live daemon threads.").sample(threads.getDaemonThreadCount());
        out.family("jvm_threads_peak", "gauge", "The most live threads since the JVM started.").sample(threads.getPeakThreadCount());
    }

    private static String id(MeterStatus m) {
        return Integer.toString(m.meter().id());
    }
}
