package org.emon.store.sqlite.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;

import org.emon.api.Meter;
import org.emon.api.Pulse;
import org.emon.api.store.CollectProgress;
import org.emon.api.store.CollectResult;
import org.emon.api.store.Collector;
import org.emon.api.store.ImportProgress;
import org.emon.api.store.ImportResult;
import org.emon.api.store.MeterStatistics;
import org.emon.api.store.MeterTable;
import org.emon.api.store.PulseAppender;
import org.emon.api.store.PulseQueries;
import org.emon.api.store.PulsesStoredListener;
import org.emon.api.store.StoreFiles;
import org.emon.api.store.StoreHealth;
import org.emon.api.store.StoreResult;
import org.emon.api.store.StoreStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pulse store on one SQLite file. Pulses are queued and committed in groups by one
 * {@link PulseWriter}; queries run on a few read connections of their own ({@link ReadConnections}),
 * which in WAL mode neither block the writer nor each other. After each commit the registered
 * {@link PulsesStoredListener} services learn which meters got pulses. The tables stay readable by the original emon-server's SQL (see {@link Schema}), and the
 * original's collected tables are kept up to date on request ({@link CollectTables}). One component
 * registered under every capability of the store contract, since all of them share the one file and
 * its writer.
 */
@Component(service = { PulseAppender.class, PulseQueries.class, StoreHealth.class, MeterTable.class, StoreFiles.class,
        Collector.class }, configurationPid = SqlitePulseStore.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SqlitePulseStore.Config.class)
public final class SqlitePulseStore implements PulseAppender, PulseQueries, StoreHealth, MeterTable, StoreFiles, Collector {

    static final String PID = "org.emon.store.sqlite";

    /** How long deactivation waits for a locked database before giving up on the queued pulses. */
    static final long SHUTDOWN_TIMEOUT_MILLIS = 30_000;

    /** Two: as many queries at once as a Pi 3 has cores to spare next to the writer and the HTTP server. */
    static final int DEFAULT_READ_CONNECTIONS = 2;
    /** How long deactivation lets the queries in progress finish. */
    static final long READ_CLOSE_TIMEOUT_MILLIS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(SqlitePulseStore.class);

    @ObjectClassDefinition(id = PID, name = "emon SQLite store",
            description = "Where and how emon stores every pulse.")
    @interface Config {

        @AttributeDefinition(name = "Database file",
                description = "Path of the SQLite file; empty means ${karaf.data}/emon.db.")
        String path() default "";

        @AttributeDefinition(name = "Commit window (ms)",
                description = "Pulses are committed together at most this long after the first of them arrived.")
        long commit_window_ms() default 250;

        @AttributeDefinition(name = "Pulses per commit",
                description = "A commit happens earlier when this many pulses are waiting.")
        int commit_max_pulses() default 1000;

        @AttributeDefinition(name = "Queue capacity",
                description = "Pulses that may wait for the database (e.g. while it is locked) before new ones are refused.")
        int queue_capacity() default 100_000;

        @AttributeDefinition(name = "Read connections",
                description = "Queries (energy, pulse pages) that run at the same time; a further one waits for a free connection.")
        int read_connections() default DEFAULT_READ_CONNECTIONS;
    }

    private final Path file;
    private final PulseWriter writer;
    private final ReadConnections readers;
    private final StoredListeners listeners = new StoredListeners();

    @Activate
    public SqlitePulseStore(Config config) throws SQLException, IOException {
        this.file = resolve(config.path());
        PulseWriter.Settings settings = settings(config);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        WriteSession session = null;
        ReadConnections readConnections = null;
        DiskSpace disk = new DiskSpace(file);
        try {
            Connection writeConnection = Database.openWriter(file);
            Map<Integer, MeterStatistics> statistics;
            int found;
            try {
                found = Schema.migrate(writeConnection);
                statistics = Schema.loadStatistics(writeConnection);
                session = new WriteSession(writeConnection);
            } catch (SQLException | RuntimeException e) {
                writeConnection.close();
                throw e;
            }
            readConnections = new ReadConnections(file, readConnections(config));
            this.readers = readConnections;
            this.writer = new PulseWriter(settings, file.toString(), disk, session,
                    () -> new WriteSession(Database.openWriter(file)), statistics, listeners);
            LOG.info("Pulse store on {} (schema version {}{}), {} meters with pulses; {}, {} read connections", file,
                    Schema.LATEST, found == Schema.LATEST ? "" : ", upgraded from " + found, statistics.size(), settings,
                    readConnections.size());
        } catch (SQLException | RuntimeException e) {
            if (session != null) {
                session.close();
            }
            if (readConnections != null) {
                readConnections.close(0);
            }
            if (disk.meansFull(e)) {
                // Opening may need space (SQLite's shared-memory index): unlike a running store, this one cannot wait.
                throw new SQLException("cannot open " + file + ": the disk holding it is full (" + disk.describe()
                        + "); free some space, then restart emon", e);
            }
            throw e;
        }
        writer.start();
    }

    /** {@code path}, or {@code ${karaf.data}/emon.db}, or {@code ./data/emon.db} outside Karaf. */
    static Path resolve(String path) {
        if (path != null && !path.isBlank()) {
            return Paths.get(path.trim());
        }
        return Paths.get(System.getProperty("karaf.data", "./data"), "emon.db");
    }

    private static int readConnections(Config config) {
        int connections = config.read_connections();
        if (connections < 1) {
            LOG.warn("read.connections {} is less than 1; using 1", connections);
            return 1;
        }
        return connections;
    }

    private static PulseWriter.Settings settings(Config config) {
        long window = config.commit_window_ms();
        int maxPulses = config.commit_max_pulses();
        int capacity = config.queue_capacity();
        if (window < 0) {
            LOG.warn("commit.window.ms {} is negative; using 0", window);
            window = 0;
        }
        if (maxPulses < 1) {
            LOG.warn("commit.max.pulses {} is less than 1; using 1", maxPulses);
            maxPulses = 1;
        }
        if (capacity < 1) {
            LOG.warn("queue.capacity {} is less than 1; using 1", capacity);
            capacity = 1;
        }
        return new PulseWriter.Settings(window, maxPulses, capacity);
    }

    /** Stops accepting, commits everything queued, then closes the database. */
    @Deactivate
    void deactivate() {
        boolean complete = writer.stop(SHUTDOWN_TIMEOUT_MILLIS);
        readers.close(READ_CLOSE_TIMEOUT_MILLIS);
        StoreStatus counters = writer.status();
        LOG.info("Pulse store on {} closed{}: {} pulses committed, {} duplicates, {} refused in {} commits", file,
                complete ? "" : " WITHOUT storing everything", counters.committed(), counters.duplicates(),
                counters.refused(), counters.commits());
    }

    /** Public, like the constructor, for use outside OSGi. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addListener(PulsesStoredListener listener) {
        listeners.add(listener);
    }

    public void removeListener(PulsesStoredListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void append(Pulse pulse) {
        Objects.requireNonNull(pulse, "pulse");
        writer.append(pulse);
    }

    @Override
    public void saveMeter(Meter meter) {
        Objects.requireNonNull(meter, "meter");
        writer.saveMeter(MeterRow.of(meter));
    }

    @Override
    public void savePower(int meterId, double power, long atMillis) {
        if (!Double.isFinite(power)) {
            LOG.debug("Power {} of meter {} is not a number; not saved", power, meterId);
            return;
        }
        // The original's ipu column holds whole watts.
        writer.savePower(new PowerUpdate(meterId, Math.round(power), atMillis));
    }

    /** From memory: kept in step with meter_stats by the writer after each commit. */
    @Override
    public MeterStatistics statistics(int meterId) {
        return writer.statistics(meterId);
    }

    @Override
    public long count(int meterId, long fromMillis, long toMillis) {
        if (fromMillis >= toMillis) {
            return 0;
        }
        try {
            return readers.run(reader -> {
                PreparedStatement count = reader.count;
                count.setInt(1, meterId);
                count.setLong(2, fromMillis);
                count.setLong(3, toMillis);
                try (ResultSet rs = count.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("counting pulses of meter " + meterId + " failed: " + e.getMessage(), e);
        }
    }

    /** One statement for all instants, answered from the rollups (see {@link Rollups#COUNTS_BEFORE}). */
    @Override
    public long[] countsBefore(int meterId, long[] instantsMillis) {
        Objects.requireNonNull(instantsMillis, "instantsMillis");
        for (int i = 1; i < instantsMillis.length; i++) {
            if (instantsMillis[i] < instantsMillis[i - 1]) {
                throw new IllegalArgumentException("instants must be ascending: " + instantsMillis[i] + " follows "
                        + instantsMillis[i - 1]);
            }
        }
        long[] counts = new long[instantsMillis.length];
        int lowest = 0; // instants too far in the past for the rollup query, counted directly
        while (lowest < counts.length && instantsMillis[lowest] < Rollups.LOWEST_INSTANT) {
            counts[lowest] = count(meterId, Long.MIN_VALUE, instantsMillis[lowest]);
            lowest++;
        }
        if (lowest == counts.length) {
            return counts;
        }
        String instants = Rollups.countsBeforeArgument(instantsMillis, lowest);
        int first = lowest;
        int rows;
        try {
            rows = readers.run(reader -> {
                PreparedStatement countsBefore = reader.countsBefore;
                countsBefore.setInt(1, meterId);
                countsBefore.setString(2, instants);
                int read = 0;
                try (ResultSet rs = countsBefore.executeQuery()) {
                    while (rs.next()) {
                        counts[first + rs.getInt(1)] = rs.getLong(2);
                        read++;
                    }
                }
                return read;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("counting pulses of meter " + meterId + " failed: " + e.getMessage(), e);
        }
        if (rows != counts.length - lowest) {
            throw new IllegalStateException("counted " + rows + " of " + (counts.length - lowest) + " instants");
        }
        return counts;
    }

    @Override
    public List<Pulse> pulses(int meterId, long fromMillis, long toMillis, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_PAGE + ", not " + limit);
        }
        if (fromMillis >= toMillis) {
            return List.of();
        }
        try {
            return readers.run(reader -> {
                PreparedStatement page = reader.page;
                page.setInt(1, meterId);
                page.setLong(2, fromMillis);
                page.setLong(3, toMillis);
                page.setInt(4, limit);
                List<Pulse> pulses = new ArrayList<>(Math.min(limit, 1024));
                try (ResultSet rs = page.executeQuery()) {
                    while (rs.next()) {
                        pulses.add(new Pulse(meterId, rs.getLong(1)));
                    }
                }
                return pulses;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("reading pulses of meter " + meterId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public CollectResult collect(long[] intervals, OptionalInt meterId, boolean rebuild, CollectProgress progress) {
        Objects.requireNonNull(meterId, "meterId");
        CollectResult result = CollectTables.run(writer, intervals, meterId, rebuild, progress);
        LOG.debug("Collected {}: {} buckets written in {} ms", result.tables(), result.buckets(), result.elapsedMillis());
        return result;
    }

    @Override
    public boolean flush(long timeoutMillis) throws InterruptedException {
        return writer.flush(timeoutMillis);
    }

    /**
     * Queues the batch whole (never split over commits); the stage completes, on a thread of the store's
     * own, after the commit that holds all of it. A batch larger than the queue's capacity is always
     * refused.
     */
    @Override
    public CompletionStage<StoreResult> store(Collection<Pulse> pulses) {
        Objects.requireNonNull(pulses, "pulses");
        return writer.store(List.copyOf(pulses)); // a copy: the caller may reuse its collection
    }

    @Override
    public StoreStatus status() {
        return writer.status();
    }

    /**
     * {@code VACUUM INTO} on a connection of its own: a snapshot of the last commit before it began,
     * written while the writer goes on committing (in WAL mode a reader never blocks the writer). The
     * copy is a compact, standalone database file.
     */
    @Override
    public void backup(Path target) throws IOException {
        Objects.requireNonNull(target, "target");
        Path copy = target.toAbsolutePath().normalize();
        if (Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(copy.toString(), null, "refusing to overwrite it with a backup");
        }
        Path parent = copy.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        long start = System.nanoTime();
        try (Connection connection = Database.openReader(file);
                PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, copy.toString());
            vacuum.execute();
        } catch (SQLException e) {
            // SQLite refuses an existing, non-empty output file itself; only a copy of ours is removed.
            String message = String.valueOf(e.getMessage());
            if (!message.contains("already exists")) {
                Files.deleteIfExists(copy);
            }
            throw new IOException("backup of " + file + " to " + copy + " failed: " + message, e);
        }
        LOG.info("Backup of {} written to {} ({} bytes) in {} ms", file, copy, Files.size(copy),
                (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public ImportResult importOriginal(Path source, ImportProgress progress) throws IOException {
        return importOriginal(source, progress, OriginalImport.CHUNK_ROWS);
    }

    ImportResult importOriginal(Path source, ImportProgress progress, int chunkRows) throws IOException {
        Objects.requireNonNull(source, "source");
        return OriginalImport.run(source, file, writer, progress, Math.max(1, chunkRows));
    }

    /** The database file in use. */
    public Path file() {
        return file;
    }
}
