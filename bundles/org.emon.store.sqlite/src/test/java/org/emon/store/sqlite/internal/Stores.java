package org.emon.store.sqlite.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.emon.api.Meter;
import org.emon.api.MeterKind;

/**
 * Test helpers: configurations, meters and plain JDBC access beside the store. Public where other
 * bundles' benchmarks open a real store through this module's test-jar.
 */
public final class Stores {

    private Stores() {
    }

    static SqlitePulseStore.Config config(Path file, long windowMillis, int maxPulses, int capacity) {
        return config(file, windowMillis, maxPulses, capacity, SqlitePulseStore.DEFAULT_READ_CONNECTIONS);
    }

    static SqlitePulseStore.Config config(Path file, long windowMillis, int maxPulses, int capacity, int readConnections) {
        return new SqlitePulseStore.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SqlitePulseStore.Config.class;
            }

            @Override
            public String path() {
                return file.toString();
            }

            @Override
            public long commit_window_ms() {
                return windowMillis;
            }

            @Override
            public int commit_max_pulses() {
                return maxPulses;
            }

            @Override
            public int queue_capacity() {
                return capacity;
            }

            @Override
            public int read_connections() {
                return readConnections;
            }
        };
    }

    static SqlitePulseStore open(Path file) throws Exception {
        return new SqlitePulseStore(config(file, 20, 1000, 100_000));
    }

    public static SqlitePulseStore open(Path file, long windowMillis, int maxPulses, int capacity) throws Exception {
        return new SqlitePulseStore(config(file, windowMillis, maxPulses, capacity));
    }

    /** Stops the store's writer after its last commit, as the component's deactivation does. */
    public static void close(SqlitePulseStore store) {
        store.deactivate();
    }

    static Meter meter(int id, String description, String location, MeterKind kind, double impulsesPerUnit) {
        return new Meter() {
            @Override
            public int id() {
                return id;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public String location() {
                return location;
            }

            @Override
            public MeterKind kind() {
                return kind;
            }

            @Override
            public double impulsesPerUnit() {
                return impulsesPerUnit;
            }
        };
    }

    /** A plain connection, as an SQL tool beside emon would open one. */
    static Connection jdbc(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    static long queryLong(Path file, String sql, Object... args) throws SQLException {
        try (Connection c = jdbc(file); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no row for " + sql);
                }
                return rs.getLong(1);
            }
        }
    }

    /**
     * Rows in which the rollup table differs from rollups computed afresh from the pulse table (both
     * ways); 0 when they agree.
     */
    static long rollupMismatches(Path file) throws SQLException {
        String fresh = "SELECT meter_id, slot, n, coalesce(sum(n) OVER (PARTITION BY meter_id ORDER BY slot "
                + "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) FROM (SELECT meter_id, "
                + Rollups.slotSql("ts") + " AS slot, count(*) AS n FROM pulse GROUP BY meter_id, slot)";
        String stored = "SELECT meter_id, start_ts, pulses, pulses_before FROM rollup";
        return queryLong(file, "SELECT (SELECT count(*) FROM (" + stored + " EXCEPT " + fresh + ")) + (SELECT count(*) FROM ("
                + fresh + " EXCEPT " + stored + "))");
    }

    static String queryString(Path file, String sql, Object... args) throws SQLException {
        try (Connection c = jdbc(file); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no row for " + sql);
                }
                return rs.getString(1);
            }
        }
    }
}
