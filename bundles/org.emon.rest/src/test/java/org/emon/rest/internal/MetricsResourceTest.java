package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.emon.api.store.StoreState;
import org.emon.api.store.StoreStatus;
import org.emon.rest.internal.Fakes.ConfigAdmin;
import org.emon.rest.internal.Fakes.Registry;
import org.emon.rest.internal.Fakes.Store;
import org.emon.rest.internal.TestApp.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} through the real pipeline: who may read it, where, and what it says. */
class MetricsResourceTest {

    @TempDir
    Path etc;
    private ConfigAdmin admin;
    private TestApp app;
    private Store store;
    private final HttpRequestCounter requests = new HttpRequestCounter();

    @BeforeEach
    void setUp() {
        admin = new ConfigAdmin();
        Registry registry = new Registry();
        admin.changed = () -> registry.follow(admin);
        admin.add(MeterConfigurations.FACTORY_PID, Map.of("id", "21", "description", "Main", "impulses.per.unit", "1000"));
        admin.changed.run();
        store = new Store();
        app = new TestApp(new MetricsResource(Fakes.status(registry.meter(21).orElseThrow()), store.service(), requests, () -> 7),
                requests, new ApiRootResource());
    }

    @AfterEach
    void tearDown() {
        admin.close();
    }

    @Test
    void servedAtSlashMetricsOnlyForAdminsAndMetricsTokens() {
        assertThat(app.get("/metrics", null).status()).isEqualTo(401);
        Answer viewer = app.get("/metrics", TestApp.VIEWER);
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(viewer.message()).contains("admin or metrics");
        Answer ok = app.get("/metrics", TestApp.ADMIN);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.type()).startsWith("text/plain").contains("version=0.0.4").contains("charset=utf-8");
        assertThat(app.get("/api/metrics", TestApp.ADMIN).status()).isEqualTo(404);
        assertThat(app.get("/apiv2/metrics", TestApp.ADMIN).status()).isEqualTo(404);
        // the root serves nothing else of the application
        assertThat(app.get("/v1/status", TestApp.ADMIN).status()).isEqualTo(404);
    }

    @Test
    void saysWhatTheStatusStoreAndCountersSay() {
        app.get("/metrics", null); // one 401
        String text = app.get("/metrics", TestApp.ADMIN).body();
        assertThat(text).contains("# TYPE emon_meter_pulses_total counter\nemon_meter_pulses_total{meter=\"21\"} 5\n");
        assertThat(text).contains("emon_meter_energy_total{meter=\"21\",kind=\"electricity\",unit=\"kWh\"} 0.005\n");
        assertThat(text).contains("emon_meter_power{meter=\"21\",kind=\"electricity\",unit=\"W\"} 1500\n");
        assertThat(text).contains("emon_source_state{meter=\"21\",source=\"simulator\",state=\"running\"} 1\n");
        assertThat(text).contains("emon_source_state{meter=\"21\",source=\"simulator\",state=\"failed\"} 0\n");
        assertThat(text).contains("emon_store_commits_total 3\n", "emon_store_pulses_committed_total 9\n", "emon_store_queue_capacity 1000\n");
        assertThat(text).contains("emon_login_failures_total 7\n");
        assertThat(text).contains("emon_http_requests_total{code=\"401\"} 1\n");
        assertThat(text).containsPattern("jvm_memory_used_bytes\\{area=\"heap\"} [1-9][0-9]*\n");
        assertThat(text).containsPattern("jvm_threads_current [1-9][0-9]*\n");
        assertThat(requests.byStatus()).containsEntry(401, 1L).containsEntry(200, 1L);
        assertThat(text).contains("emon_store_disk_full 0\n", "emon_store_free_bytes 2000000000\n");
    }

    @Test
    void saysWhenTheDiskIsFull() {
        store.status = new StoreStatus("/data/emon.db", 10, 9, 1, 0, 0, 1000, 3, 5, "[SQLITE_FULL] database or disk is full",
                1_700_000_000_000L, true, StoreState.DISK_FULL, "4096 bytes free on /data", 4096, Map.of());
        String text = app.get("/metrics", TestApp.ADMIN).body();
        assertThat(text).contains("emon_store_disk_full 1\n", "emon_store_free_bytes 4096\n", "emon_store_failing 1\n");
    }
}
