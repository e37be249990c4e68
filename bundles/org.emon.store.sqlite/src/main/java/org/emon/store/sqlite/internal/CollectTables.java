package org.emon.store.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.emon.api.store.CollectProgress;
import org.emon.api.store.CollectResult;
import org.emon.api.store.Collector;

/**
 * The original-compatible tables {@code emon_<meter>_<interval>}: {@code id} (the bucket's number
 * since the epoch), {@code epoch} (the bucket's start, epoch seconds), {@code ticks} (its pulses),
 * {@code m_id}; one row per bucket with pulses.
 *
 * <p>{@code collect_state} holds, per meter and interval, {@code dirty_from}: the oldest pulse stored
 * since the last collect began ({@code NULL}: none). The writer lowers it to the oldest pulse of each
 * commit, in the same transaction, so a late pulse is never missed. A collect claims it as its
 * {@code cursor} (the table is up to date for every bucket before the cursor's) and recomputes the
 * buckets from there on in steps of at most ~100 ms, each step a transaction on the writer's
 * connection (so it never races the writer, and live pulses wait for one step at most), moving the
 * cursor on: readers see each bucket either before or after a step, never half of it. Pulses stored
 * meanwhile set {@code dirty_from} again, for the next collect: a run never chases late pulses for
 * ever. A cursor left by a stopped run is resumed by the next. A new table, or a rebuild, is filled as
 * {@code collect_build_<meter>_<interval>} the same way and swapped in (drop and rename) in the
 * transaction of its last step: the table is never missing nor half filled.
 */
final class CollectTables {

    static final String CREATE_STATE = "CREATE TABLE collect_state ("
            + "meter_id INTEGER NOT NULL, "
            + "interval_s INTEGER NOT NULL, "
            + "dirty_from INTEGER, " // epoch ms; the oldest pulse stored since the last collect began
            + "cursor INTEGER, " // epoch ms; a collect's position: buckets from the one holding it on are to be recomputed
            + "building INTEGER NOT NULL DEFAULT 0, " // 1: filling collect_build_<meter>_<interval>
            + "PRIMARY KEY (meter_id, interval_s)) WITHOUT ROWID";

    /**
     * Run by the writer with each commit: (meter, oldest inserted timestamp). Only rows it lowers are
     * written: live pulses after the first since a collect leave the page, and the WAL, alone.
     */
    static final String MARK_DIRTY = "UPDATE collect_state SET dirty_from = ?2 "
            + "WHERE meter_id = ?1 AND (dirty_from IS NULL OR dirty_from > ?2)";

    /** A step's target duration: long enough to be efficient, short enough not to hold live pulses up. */
    static final long STEP_MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    static final long STEP_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_SPAN_MILLIS = 1L << 40; // ~35 years

    private static final long DAY_MILLIS = 86_400_000L;

    /** What one step did. */
    record Step(boolean done, long from, long to, long buckets, long lastPulse, long nanos) {
    }

    private record State(Long dirtyFrom, Long cursor, boolean building) {
    }

    private CollectTables() {
    }

    static String table(int meterId, long intervalSeconds) {
        return "emon_" + meterId + "_" + intervalSeconds;
    }

    static String buildTable(int meterId, long intervalSeconds) {
        return "collect_build_" + meterId + "_" + intervalSeconds;
    }

    /** Brings the tables up to date, step by step through the writer; see {@link Collector#collect}. */
    static CollectResult run(PulseWriter writer, long[] intervals, OptionalInt meterId, boolean rebuild,
            CollectProgress progress) {
        long start = System.nanoTime();
        TreeSet<Long> checked = new TreeSet<>();
        if (intervals == null || intervals.length == 0) {
            throw new IllegalArgumentException("no interval to collect: give at least one");
        }
        for (long interval : intervals) {
            Collector.checkInterval(interval);
            checked.add(interval);
        }
        if (meterId.isPresent() && meterId.getAsInt() <= 0) {
            throw new IllegalArgumentException("meter " + meterId.getAsInt() + " cannot be collected: a meter id is a positive number");
        }
        List<Integer> meters = meterId.isPresent() ? List.of(meterId.getAsInt()) : call(writer, CollectTables::meters);
        List<String> tables = new ArrayList<>();
        long buckets = 0;
        for (int meter : meters) {
            for (long interval : checked) {
                buckets += collect(writer, meter, interval, rebuild, progress);
                tables.add(table(meter, interval));
            }
        }
        return new CollectResult(tables, buckets, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** One table: steps until it is up to date, each step's span adapted to its duration. */
    private static long collect(PulseWriter writer, int meterId, long interval, boolean rebuild, CollectProgress progress) {
        long bucketMillis = interval * 1000;
        long span = Math.max(bucketMillis, DAY_MILLIS / bucketMillis * bucketMillis);
        boolean first = true;
        long buckets = 0;
        long origin = Long.MIN_VALUE;
        String name = table(meterId, interval);
        while (true) {
            boolean restart = first && rebuild;
            boolean ensure = first;
            long stepSpan = span;
            Step step = call(writer, c -> step(c, meterId, interval, ensure, restart, stepSpan));
            first = false;
            buckets += step.buckets();
            if (step.done()) {
                if (progress != null) {
                    progress.progress(name, 1, 1);
                }
                return buckets;
            }
            if (origin == Long.MIN_VALUE) {
                origin = step.from();
            }
            if (progress != null) {
                long total = Math.max(1, step.lastPulse() + 1 - origin);
                progress.progress(name, Math.min(total - 1, Math.max(0, step.to() - origin)), total);
            }
            if (step.nanos() < STEP_MIN_NANOS && span <= MAX_SPAN_MILLIS / 2) {
                span *= 2;
            } else if (step.nanos() > STEP_MAX_NANOS) {
                span = Math.max(bucketMillis, span / 2 / bucketMillis * bucketMillis);
            }
        }
    }

    /**
     * One step, in one transaction on the writer's connection. The first step of a run ({@code ensure})
     * starts a build if the table has none yet, or {@code restart}, else claims {@code dirty_from} into
     * the cursor; each step then recomputes the buckets of {@code span} from the first pulse at or after
     * the cursor's bucket, and moves the cursor past them; when no pulse is left, the table is complete
     * (and swapped in, if it was being built).
     */
    static Step step(Connection connection, int meterId, long interval, boolean ensure, boolean restart, long span)
            throws SQLException {
        long started = System.nanoTime();
        String table = table(meterId, interval);
        String build = buildTable(meterId, interval);
        State state = state(connection, meterId, interval);
        if (ensure && (restart || state == null
                || (!state.building() && !Schema.tableExists(connection, table))
                || (state.building() && !Schema.tableExists(connection, build)))) {
            startBuild(connection, meterId, interval);
            state = new State(null, Long.MIN_VALUE, true);
        } else if (ensure && state.dirtyFrom() != null) {
            long cursor = state.cursor() == null ? state.dirtyFrom() : Math.min(state.cursor(), state.dirtyFrom());
            try (PreparedStatement claim = connection.prepareStatement(
                    "UPDATE collect_state SET cursor = ?, dirty_from = NULL WHERE meter_id = ? AND interval_s = ?")) {
                claim.setLong(1, cursor);
                claim.setInt(2, meterId);
                claim.setLong(3, interval);
                claim.executeUpdate();
            }
            state = new State(null, cursor, state.building());
        }
        if (state == null || state.cursor() == null) {
            return new Step(true, 0, 0, 0, 0, System.nanoTime() - started);
        }
        long bucketMillis = interval * 1000;
        Long first = firstPulse(connection, meterId, floor(state.cursor(), bucketMillis));
        if (first == null) {
            finish(connection, meterId, interval, state.building());
            return new Step(true, 0, 0, 0, 0, System.nanoTime() - started);
        }
        long from = floor(first, bucketMillis);
        long to = from > Long.MAX_VALUE - span ? Long.MAX_VALUE : from + span;
        String target = state.building() ? build : table;
        long buckets = recompute(connection, target, meterId, interval, from, to);
        Long next = to == Long.MAX_VALUE ? null : firstPulse(connection, meterId, to);
        if (next == null) {
            finish(connection, meterId, interval, state.building());
            return new Step(true, from, to, buckets, 0, System.nanoTime() - started);
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE collect_state SET cursor = ? WHERE meter_id = ? AND interval_s = ?")) {
            update.setLong(1, to);
            update.setInt(2, meterId);
            update.setLong(3, interval);
            update.executeUpdate();
        }
        return new Step(false, from, to, buckets, lastPulse(connection, meterId), System.nanoTime() - started);
    }

    /**
     * Replaces the rows of the buckets in {@code [from, to)} (both bucket boundaries) by counts of the
     * pulses: from the rollups when a bucket is a whole number of their slots, else from the pulses.
     */
    private static long recompute(Connection connection, String target, int meterId, long interval, long from, long to)
            throws SQLException {
        long bucketMillis = interval * 1000;
        // Names are built from validated numbers only (meter id, interval), never from text input.
        String quoted = '"' + target + '"';
        // the last range of time includes its end: a pulse at Long.MAX_VALUE is counted too
        String below = to == Long.MAX_VALUE ? " <= " : " < ";
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + quoted + " WHERE id >= ? AND id" + below + "?")) {
            delete.setLong(1, Math.floorDiv(from, bucketMillis));
            delete.setLong(2, to == Long.MAX_VALUE ? Long.MAX_VALUE : Math.floorDiv(to, bucketMillis));
            delete.executeUpdate();
        }
        boolean fromRollups = bucketMillis % Rollups.SLOT_MILLIS == 0;
        String column = fromRollups ? "start_ts" : "ts";
        String source = fromRollups
                ? "SELECT " + bucket(column, bucketMillis) + " AS b, sum(pulses) AS n FROM rollup "
                        + "WHERE meter_id = ?1 AND start_ts >= ?2 AND start_ts" + below + "?3 GROUP BY b"
                : "SELECT " + bucket(column, bucketMillis) + " AS b, count(*) AS n FROM pulse "
                        + "WHERE meter_id = ?1 AND ts >= ?2 AND ts" + below + "?3 GROUP BY b";
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + quoted
                + " (id, epoch, ticks, m_id) SELECT b, b * " + interval + ", n, ?1 FROM (" + source + ")")) {
            insert.setInt(1, meterId);
            insert.setLong(2, from);
            insert.setLong(3, to);
            return insert.executeUpdate();
        }
    }

    /** The bucket number (floor division, also before 1970) of a millisecond column. */
    private static String bucket(String column, long bucketMillis) {
        return "(" + column + " / " + bucketMillis + " - (" + column + " % " + bucketMillis + " < 0))";
    }

    private static void startBuild(Connection connection, int meterId, long interval) throws SQLException {
        String build = '"' + buildTable(meterId, interval) + '"';
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + build);
            // The original's columns and order; id is the bucket's number, so a bucket is updated in place.
            statement.execute("CREATE TABLE " + build + " (id INTEGER PRIMARY KEY, epoch NUMERIC NOT NULL, "
                    + "ticks INTEGER NOT NULL, m_id INTEGER NOT NULL)");
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT OR REPLACE INTO collect_state "
                + "(meter_id, interval_s, dirty_from, cursor, building) VALUES (?, ?, NULL, ?, 1)")) {
            upsert.setInt(1, meterId);
            upsert.setLong(2, interval);
            upsert.setLong(3, Long.MIN_VALUE);
            upsert.executeUpdate();
        }
    }

    /**
     * The table is up to date as of this run (pulses stored meanwhile are in {@code dirty_from}); a
     * build replaces the table in this same transaction.
     */
    private static void finish(Connection connection, int meterId, long interval, boolean building) throws SQLException {
        if (building) {
            swapIn(connection, table(meterId, interval), buildTable(meterId, interval));
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE collect_state SET cursor = NULL, "
                + "building = 0 WHERE meter_id = ? AND interval_s = ?")) {
            update.setInt(1, meterId);
            update.setLong(2, interval);
            update.executeUpdate();
        }
    }

    /**
     * Makes the finished build the table. An existing table keeps its identity (its rows are
     * replaced), so views, indexes and triggers that users put on it keep working. A new table is
     * renamed into place with SQLite's legacy rename, which does not re-check every view of the
     * database: one broken view anywhere would otherwise fail the rename for good.
     */
    private static void swapIn(Connection connection, String table, String build) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")) {
                query.setString(1, table);
                try (ResultSet rs = query.executeQuery()) {
                    exists = rs.next() && rs.getLong(1) > 0;
                }
            }
            if (exists) {
                statement.execute("DELETE FROM \"" + table + '"');
                statement.execute("INSERT INTO \"" + table + "\" (id, epoch, ticks, m_id) SELECT id, epoch, ticks, m_id FROM \""
                        + build + '"');
                statement.execute("DROP TABLE \"" + build + '"');
            } else {
                statement.execute("PRAGMA legacy_alter_table = ON");
                try {
                    statement.execute("ALTER TABLE \"" + build + "\" RENAME TO \"" + table + '"');
                } finally {
                    statement.execute("PRAGMA legacy_alter_table = OFF");
                }
            }
        }
    }

    private static State state(Connection connection, int meterId, long interval) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT dirty_from, cursor, building FROM collect_state WHERE meter_id = ? AND interval_s = ?")) {
            query.setInt(1, meterId);
            query.setLong(2, interval);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long dirty = rs.getLong(1);
                boolean clean = rs.wasNull();
                long cursor = rs.getLong(2);
                return new State(clean ? null : dirty, rs.wasNull() ? null : cursor, rs.getInt(3) != 0);
            }
        }
    }

    private static Long firstPulse(Connection connection, int meterId, long from) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT ts FROM pulse WHERE meter_id = ? AND ts >= ? ORDER BY ts LIMIT 1")) {
            query.setInt(1, meterId);
            query.setLong(2, from);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static long lastPulse(Connection connection, int meterId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT ts FROM pulse WHERE meter_id = ? ORDER BY ts DESC LIMIT 1")) {
            query.setInt(1, meterId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Every meter with a row or pulses. */
    private static List<Integer> meters(Connection connection) throws SQLException {
        List<Integer> meters = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT id FROM meter WHERE id > 0 UNION SELECT meter_id FROM meter_stats WHERE meter_id > 0 ORDER BY 1")) {
            while (rs.next()) {
                meters.add(rs.getInt(1));
            }
        }
        return meters;
    }

    /** The start of the bucket holding {@code t}; {@link Long#MIN_VALUE} where that would overflow. */
    static long floor(long t, long bucketMillis) {
        long mod = Math.floorMod(t, bucketMillis);
        return t < Long.MIN_VALUE + mod ? Long.MIN_VALUE : t - mod;
    }

    private static <T> T call(PulseWriter writer, WriteSession.Work<T> work) {
        try {
            return writer.submit(work).get();
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("collect stopped: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof IllegalArgumentException bad) {
                throw bad;
            }
            throw new IllegalStateException("collect failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("collect interrupted (collecting again completes it)", e);
        }
    }
}
