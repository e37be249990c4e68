package org.emon.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Numbered batches of pulses as a client of the ingest API posts them (KillNineTest, DiskFullTest):
 * batch n holds {@code size} pulses, one per millisecond from {@code base + n * size}; and the check
 * of the database emon left behind against what the client was told.
 */
final class NumberedBatches {

    private NumberedBatches() {
    }

    /** The POST of batch {@code n} to meter {@code meter} of emon on 127.0.0.1:{@code port}. */
    static HttpRequest request(int port, String token, int meter, long base, int size, long n, Duration timeout) {
        StringJoiner body = new StringJoiner(",", "{\"timestamps\":[", "]}");
        for (int i = 0; i < size; i++) {
            body.add(Long.toString(base + n * size + i));
        }
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/meters/" + meter + "/pulses"))
                .timeout(timeout).header("Content-Type", "application/json").header("X-Access-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    /**
     * An intact database; every acknowledged pulse of {@code meter} in [base, end) exactly once and
     * no other; only whole batches; the 15-minute rollups agreeing with the pulses of every meter.
     *
     * @return the pulses of {@code meter} stored in [base, end)
     */
    static int verify(Path database, int meter, long base, int size, long end, Set<Long> acknowledged, String when)
            throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement sql = db.createStatement()) {
            try (ResultSet rs = sql.executeQuery("PRAGMA integrity_check")) {
                assertTrue(rs.next());
                assertEquals(when + ": integrity_check", "ok", rs.getString(1));
            }
            Set<Long> stored = new HashSet<>();
            long rows = 0;
            try (ResultSet rs = sql.executeQuery("SELECT ts FROM pulse WHERE meter_id = " + meter
                    + " AND ts >= " + base + " AND ts < " + end)) {
                while (rs.next()) {
                    stored.add(rs.getLong(1));
                    rows++;
                }
            }
            assertEquals(when + ": the same pulse stored twice", stored.size(), rows);
            Set<Long> lost = new HashSet<>(acknowledged);
            lost.removeAll(stored);
            assertTrue(when + ": " + lost.size() + " of " + acknowledged.size() + " acknowledged pulses lost, e.g. "
                    + lost.stream().sorted().limit(5).toList(), lost.isEmpty());
            // only whole batches: a batch is committed as one unit or not at all
            try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM (SELECT (ts - " + base + ") / " + size + " AS b, count(*) AS n"
                    + " FROM pulse WHERE meter_id = " + meter + " AND ts >= " + base + " AND ts < " + end
                    + " GROUP BY b HAVING n <> " + size + ")")) {
                assertTrue(rs.next());
                assertEquals(when + ": batches stored in part", 0, rs.getLong(1));
            }
            // the 15-minute rollups (slot counts and running totals) agree with the pulses, slot by slot
            String fromPulses = "SELECT meter_id, slot, n, coalesce(sum(n) OVER (PARTITION BY meter_id ORDER BY slot"
                    + " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before FROM (SELECT meter_id,"
                    + " ts - ((ts % 900000) + 900000) % 900000 AS slot, count(*) AS n FROM pulse GROUP BY 1, 2)";
            String rollup = "SELECT meter_id, start_ts, pulses, pulses_before FROM rollup";
            try (ResultSet rs = sql.executeQuery("WITH f AS (" + fromPulses + ") SELECT"
                    + " (SELECT count(*) FROM (" + rollup + " EXCEPT SELECT * FROM f))"
                    + " + (SELECT count(*) FROM (SELECT * FROM f EXCEPT " + rollup + "))")) {
                assertTrue(rs.next());
                assertEquals(when + ": rollup rows that differ from the pulses", 0, rs.getLong(1));
            }
            return stored.size();
        }
    }
}
