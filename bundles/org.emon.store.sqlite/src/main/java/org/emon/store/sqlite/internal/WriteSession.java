package org.emon.store.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.emon.api.Pulse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's connection and its prepared statements; writes one group of changes per transaction.
 * Used by the writer thread only.
 */
final class WriteSession implements Committer.Session, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteSession.class);

    private final Connection connection;
    private final Statement control;
    private final PreparedStatement insertPulse;
    private final PreparedStatement upsertStats;
    private final PreparedStatement upsertMeter;
    private final PreparedStatement updatePower;
    private final PreparedStatement selectCreated;

    private final PreparedStatement insertOriginalMeter;
    private final Rollups.Writer rollups;
    private final PreparedStatement markCollectDirty;
    /** The connection's synchronous setting as last set: NORMAL when opened (see {@link Database}). */
    private boolean syncing;

    /**
     * What one transaction did: per meter, its pulses and (for saved meters) its stored creation time;
     * and per pulse, in the order given, whether it was inserted (a duplicate was not).
     */
    record Result(Map<Integer, MeterDelta> deltas, Map<Integer, Long> createdMillis, boolean[] inserted) {

        static final Result NOTHING = new Result(Map.of(), Map.of(), new boolean[0]);
    }

    WriteSession(Connection connection) throws SQLException {
        this.connection = connection;
        try {
            // The connection stays in JDBC auto-commit mode and transactions are explicit: sqlite-jdbc
            // would otherwise open the next transaction right after each commit.
            connection.setAutoCommit(true);
            control = connection.createStatement();
            insertPulse = connection.prepareStatement("INSERT OR IGNORE INTO pulse (meter_id, ts) VALUES (?, ?)");
            upsertStats = connection.prepareStatement("INSERT INTO meter_stats (meter_id, pulses, last_ts) "
                    + "VALUES (?, ?, ?) ON CONFLICT (meter_id) DO UPDATE SET "
                    + "pulses = pulses + excluded.pulses, last_ts = max(last_ts, excluded.last_ts)");
            upsertMeter = connection.prepareStatement("INSERT INTO meter "
                    + "(id, created, description, location, kind, impulses_per_unit) "
                    + "VALUES (?, datetime('now'), ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    + "description = excluded.description, location = excluded.location, "
                    + "kind = excluded.kind, impulses_per_unit = excluded.impulses_per_unit");
            updatePower = connection.prepareStatement("UPDATE meter SET ipu = ?, updated = ? WHERE id = ?");
            selectCreated = connection.prepareStatement("SELECT " + Schema.CREATED_SECONDS + " FROM meter WHERE id = ?");
            // An imported meter never replaces one we already have: ours may have been edited since.
            insertOriginalMeter = connection.prepareStatement("INSERT OR IGNORE INTO meter "
                    + "(id, created, updated, description, location, ipu) "
                    + "VALUES (?, coalesce(?, datetime('now')), ?, ?, ?, ?)");
            rollups = new Rollups.Writer(connection);
            markCollectDirty = connection.prepareStatement(CollectTables.MARK_DIRTY);
        } catch (SQLException e) {
            closeQuietly();
            throw e;
        }
    }

    /**
     * Writes one group in one transaction: meters first (so that a new meter's power finds its row),
     * then pulses and their statistics, then powers. On failure everything is rolled back and the
     * exception is thrown; the same group may then be written again.
     *
     * @return what the pulses did per meter, and the saved meters' creation times
     */
    @Override
    public Result write(List<Pulse> pulses, Collection<MeterRow> meters, Collection<PowerUpdate> powers)
            throws SQLException {
        return inTransaction(() -> {
            Map<Integer, Long> created = new HashMap<>();
            for (MeterRow meter : meters) {
                upsertMeter.setInt(1, meter.id());
                upsertMeter.setString(2, meter.description());
                upsertMeter.setString(3, meter.location());
                upsertMeter.setString(4, meter.kind());
                upsertMeter.setDouble(5, meter.impulsesPerUnit());
                upsertMeter.executeUpdate();
                // Read back: the row may be older than this save, and created is never changed.
                created.put(meter.id(), createdMillis(meter.id()));
            }
            boolean[] inserted = insertPulses(pulses);
            Map<Integer, MeterDelta> deltas = MeterDelta.perMeter(pulses, inserted);
            updateStats(deltas);
            updateRollups(pulses, inserted);
            for (PowerUpdate power : powers) {
                updatePower.setLong(1, power.watts());
                updatePower.setString(2, SqlTime.format(power.atMillis()));
                updatePower.setInt(3, power.meterId());
                if (updatePower.executeUpdate() == 0) {
                    LOG.debug("No meter row {} for its power yet", power.meterId());
                }
            }
            return new Result(deltas, created, inserted);
        });
    }

    /**
     * Writes one chunk of an import from an original database in one transaction: the meters that we
     * do not have yet (existing ones are kept as they are), then the pulses and their statistics.
     * Idempotent, like {@link #write}.
     */
    @Override
    public Result writeImport(ImportChunk chunk) throws SQLException {
        return inTransaction(() -> {
            Map<Integer, Long> created = new HashMap<>();
            for (ImportChunk.OriginalMeter meter : chunk.meters()) {
                insertOriginalMeter.setInt(1, meter.id());
                insertOriginalMeter.setString(2, meter.created());
                insertOriginalMeter.setString(3, meter.updated());
                insertOriginalMeter.setString(4, meter.description() == null ? "" : meter.description());
                insertOriginalMeter.setString(5, meter.location() == null ? "" : meter.location());
                insertOriginalMeter.setLong(6, meter.ipu());
                insertOriginalMeter.executeUpdate();
                created.put(meter.id(), createdMillis(meter.id()));
            }
            boolean[] inserted = insertPulses(chunk.pulses());
            Map<Integer, MeterDelta> deltas = MeterDelta.perMeter(chunk.pulses(), inserted);
            updateStats(deltas);
            updateRollups(chunk.pulses(), inserted);
            return new Result(deltas, created, inserted);
        });
    }

    @Override
    public void syncCommits(boolean sync) throws SQLException {
        if (sync != syncing) {
            control.execute(sync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            syncing = sync;
        }
    }

    /** The work of one transaction; it may throw, and is then rolled back. */
    @FunctionalInterface
    private interface TransactionWork<T> {
        T run() throws SQLException;
    }

    /** Work given to the writer from outside the store's own writes (e.g. a collect step). */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on this session's connection in one transaction, as {@link #inTransaction} does. */
    @Override
    public <T> T run(Work<T> work) throws SQLException {
        return inTransaction(() -> work.run(connection));
    }

    /**
     * Runs {@code work} in one transaction, committed if it returns, rolled back (with any batched
     * statements cleared) if it throws, so that the same work may be tried again.
     */
    private <T> T inTransaction(TransactionWork<T> work) throws SQLException {
        // IMMEDIATE takes the write lock now, so a busy database fails here, before any work.
        control.execute("BEGIN IMMEDIATE");
        boolean committed = false;
        try {
            T result = work.run();
            control.execute("COMMIT");
            committed = true;
            return result;
        } finally {
            if (!committed) {
                insertPulse.clearBatch();
                rollbackQuietly();
            }
        }
    }

    /** A meter row's creation time, 0 if there is no row. */
    private long createdMillis(int meterId) throws SQLException {
        selectCreated.setInt(1, meterId);
        try (ResultSet rs = selectCreated.executeQuery()) {
            return rs.next() ? rs.getLong(1) * 1000 : 0L;
        }
    }

    private void updateStats(Map<Integer, MeterDelta> deltas) throws SQLException {
        for (MeterDelta delta : deltas.values()) {
            if (delta.inserted() > 0) {
                upsertStats.setInt(1, delta.meterId());
                upsertStats.setLong(2, delta.inserted());
                upsertStats.setLong(3, delta.lastTs());
                upsertStats.executeUpdate();
            }
        }
    }

    /**
     * The inserted pulses into the rollups, and the collected tables of their meters marked as to be
     * brought up to date from the oldest of them on (a late pulse included).
     */
    private void updateRollups(List<Pulse> pulses, boolean[] inserted) throws SQLException {
        for (Map.Entry<Integer, Long> oldest : rollups.add(pulses, inserted).entrySet()) {
            markCollectDirty.setInt(1, oldest.getKey());
            markCollectDirty.setLong(2, oldest.getValue());
            markCollectDirty.executeUpdate();
        }
    }

    /** @return per pulse, whether it was inserted; a pulse already stored, or twice in the list, is not */
    private boolean[] insertPulses(List<Pulse> pulses) throws SQLException {
        boolean[] inserted = new boolean[pulses.size()];
        if (pulses.isEmpty()) {
            return inserted;
        }
        for (Pulse pulse : pulses) {
            insertPulse.setInt(1, pulse.meterId());
            insertPulse.setLong(2, pulse.timestampMillis());
            insertPulse.addBatch();
        }
        // One update count per row: 1 if inserted, 0 if the (meter, ms) was already stored.
        int[] counts = insertPulse.executeBatch();
        if (counts.length != pulses.size()) {
            throw new SQLException("batch returned " + counts.length + " counts for " + pulses.size() + " pulses");
        }
        for (int i = 0; i < counts.length; i++) {
            inserted[i] = counts[i] > 0;
        }
        return inserted;
    }

    private void rollbackQuietly() {
        try {
            control.execute("ROLLBACK");
        } catch (SQLException e) {
            // Expected when the transaction never began or SQLite already rolled it back.
            LOG.debug("Rollback: {}", e.getMessage());
        }
    }

    private void closeQuietly() {
        try {
            connection.close(); // closes its statements too
        } catch (SQLException e) {
            LOG.debug("Closing the write connection failed", e);
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
