package org.emon.store.sqlite.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

import org.emon.api.Pulse;
import org.emon.api.store.ImportProgress;
import org.emon.api.store.ImportResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports an original emon-server database into the store. The source is opened read-only and read
 * on the caller's thread; its rows are written by the store's writer in chunks, each chunk one
 * transaction between two groups of live pulses, so live pulses wait for at most one chunk.
 *
 * <ul>
 * <li>Meters: those we do not have are inserted with the original's columns; a meter we already have
 * is kept as it is (its description may have been edited since; the import never overwrites).</li>
 * <li>Measurements become pulses as {@link Schema#ORIGINAL_PULSES} says (whole seconds spread over
 * milliseconds deterministically), so a repeated import finds them all present and adds nothing.</li>
 * <li>{@code meter_stats} is updated in each chunk's transaction; the store's live counters
 * (received, committed, ...) are not: they describe live ingest, the result describes the import.</li>
 * </ul>
 */
final class OriginalImport {

    private static final Logger LOG = LoggerFactory.getLogger(OriginalImport.class);

    /** Rows per transaction: about 50 ms of the writer's time on a slow disk. */
    static final int CHUNK_ROWS = 10_000;

    private OriginalImport() {
    }

    static ImportResult run(Path source, Path ours, PulseWriter writer, ImportProgress progress, int chunkRows)
            throws IOException {
        ImportProgress report = progress != null ? progress : (done, total) -> { };
        if (!Files.isRegularFile(source)) {
            throw new NoSuchFileException(source.toString(), null, "no such file to import");
        }
        if (Files.exists(ours) && Files.isSameFile(source, ours)) {
            throw new IOException(source + " is this store's own database; nothing to import");
        }
        try (Connection connection = openSource(source); Statement statement = connection.createStatement()) {
            List<ImportChunk.OriginalMeter> meters = check(source, connection, statement);
            long total;
            try (ResultSet rs = statement.executeQuery(
                    "SELECT count(*) FROM measurement WHERE m_id IS NOT NULL AND epoch IS NOT NULL")) {
                total = rs.next() ? rs.getLong(1) : 0;
            }
            report.progress(0, total);
            long done = 0;
            long imported = 0;
            long duplicates = 0;
            List<ImportChunk.OriginalMeter> pendingMeters = meters; // go with the first chunk
            try (ResultSet rs = statement.executeQuery(Schema.ORIGINAL_PULSES + " ORDER BY m_id, ts")) {
                List<Pulse> pulses = new ArrayList<>(Math.min(chunkRows, 100_000));
                boolean more = rs.next();
                while (more || !pendingMeters.isEmpty()) {
                    while (more && pulses.size() < chunkRows) {
                        pulses.add(new Pulse(rs.getInt(1), rs.getLong(2)));
                        more = rs.next();
                    }
                    WriteSession.Result result = write(writer, new ImportChunk(pendingMeters, List.copyOf(pulses)),
                            done, total);
                    pendingMeters = List.of();
                    for (MeterDelta delta : result.deltas().values()) {
                        imported += delta.inserted();
                        duplicates += delta.duplicates();
                    }
                    done += pulses.size();
                    pulses.clear();
                    report.progress(done, total);
                }
            }
            ImportResult result = new ImportResult(meters.size(), imported, duplicates);
            LOG.info("Imported {}: {} meters, {} pulses imported, {} duplicates skipped", source,
                    result.meters(), result.pulsesImported(), result.duplicatesSkipped());
            return result;
        } catch (SQLException e) {
            throw new IOException("reading " + source + " failed: " + e.getMessage(), e);
        }
    }

    private static Connection openSource(Path source) throws IOException {
        try {
            return Database.openReader(source); // read-only: the source is never changed, nor created
        } catch (SQLException e) {
            throw new IOException("cannot open " + source + " as an SQLite database: " + e.getMessage(), e);
        }
    }

    /** Refuses what is not an original database; returns its meters. */
    private static List<ImportChunk.OriginalMeter> check(Path source, Connection connection, Statement statement)
            throws IOException {
        try {
            if (Schema.version(connection) != 0 || Schema.tableExists(connection, "pulse")) {
                throw new IOException(source + " is an emon database, not one of the original emon-server; "
                        + "copy it in place of the store's database instead");
            }
            if (!Schema.tableExists(connection, "meter") || !Schema.tableExists(connection, "measurement")) {
                throw new IOException(source + " is not an original emon-server database: it has no "
                        + "meter and measurement tables");
            }
            Set<String> meterColumns = Schema.columns(connection, "meter");
            Set<String> measurementColumns = Schema.columns(connection, "measurement");
            if (!meterColumns.containsAll(Set.of("id", "description", "location"))
                    || !measurementColumns.containsAll(Set.of("id", "epoch", "m_id"))) {
                throw new IOException(source + " is not an original emon-server database: expected "
                        + "meter(id, created, description, location, ipu) and measurement(id, epoch, m_id), found "
                        + "meter" + meterColumns + " and measurement" + measurementColumns);
            }
            // Optional columns: `updated` is missing from the seed README's schema.
            String sql = "SELECT id, "
                    + (meterColumns.contains("created") ? "created" : "NULL") + ", "
                    + (meterColumns.contains("updated") ? "updated" : "NULL") + ", "
                    + "description, location, "
                    + (meterColumns.contains("ipu") ? "ifnull(ipu, 0)" : "0")
                    + " FROM meter WHERE id IS NOT NULL ORDER BY id";
            List<ImportChunk.OriginalMeter> meters = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    meters.add(new ImportChunk.OriginalMeter(rs.getInt(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getLong(6)));
                }
            }
            return meters;
        } catch (SQLException e) {
            // e.g. SQLITE_NOTADB: "file is not a database"
            throw new IOException(source + " is not readable as an SQLite database: " + e.getMessage(), e);
        }
    }

    private static WriteSession.Result write(PulseWriter writer, ImportChunk chunk, long done, long total)
            throws IOException {
        try {
            CompletableFuture<WriteSession.Result> future = writer.importChunk(chunk);
            return future.get();
        } catch (RejectedExecutionException e) {
            throw new IOException("import stopped after " + done + " of " + total + " rows: " + e.getMessage()
                    + " (importing again completes it)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException("import stopped after " + done + " of " + total + " rows: " + cause.getMessage()
                    + " (importing again completes it)", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException(
                    "import interrupted after " + done + " of " + total + " rows (importing again completes it)");
            interrupted.initCause(e);
            throw interrupted;
        }
    }
}
