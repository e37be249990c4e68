package org.emon.store.sqlite.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few read connections to the database, each with its prepared statements, lent to one query at
 * a time. In WAL mode readers neither block each other nor the writer, so as many queries run at
 * once as there are connections; a further one waits for a connection to come back. Closing
 * refuses new queries and lets those in progress finish, each connection closed as its query ends.
 */
final class ReadConnections {

    private static final Logger LOG = LoggerFactory.getLogger(ReadConnections.class);

    /** One connection and the statements of every query the store runs on it. */
    static final class Reader {

        final Connection connection;
        final PreparedStatement count;
        final PreparedStatement countsBefore;
        final PreparedStatement page;

        private Reader(Connection connection) throws SQLException {
            this.connection = connection;
            try {
                count = connection.prepareStatement("SELECT count(*) FROM pulse WHERE meter_id = ? AND ts >= ? AND ts < ?");
                countsBefore = connection.prepareStatement(Rollups.COUNTS_BEFORE);
                page = connection.prepareStatement("SELECT ts FROM pulse WHERE meter_id = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?");
            } catch (SQLException e) {
                close();
                throw e;
            }
        }

        private void close() {
            try {
                connection.close(); // closes its statements too
            } catch (SQLException e) {
                LOG.debug("Closing a read connection failed", e);
            }
        }
    }

    /** A query on a lent connection. */
    @FunctionalInterface
    interface Query<T> {
        T run(Reader reader) throws SQLException;
    }

    private final Object lock = new Object();
    private final ArrayDeque<Reader> idle = new ArrayDeque<>(); // guarded by lock
    private int lent; // guarded by lock
    private boolean closed; // guarded by lock

    /** Opens {@code size} connections (at least one); all or none. */
    ReadConnections(Path file, int size) throws SQLException {
        List<Reader> opened = new ArrayList<>();
        try {
            for (int i = 0; i < Math.max(1, size); i++) {
                opened.add(new Reader(Database.openReader(file)));
            }
        } catch (SQLException | RuntimeException e) {
            opened.forEach(Reader::close);
            throw e;
        }
        idle.addAll(opened);
    }

    /** The connections open and not closed. */
    int size() {
        synchronized (lock) {
            return idle.size() + lent;
        }
    }

    /**
     * Runs a query on a connection of its own, waiting for one if all are lent.
     *
     * @throws IllegalStateException if the store is closed (also while waiting), or the wait was
     *                               interrupted
     */
    <T> T run(Query<T> query) throws SQLException {
        Reader reader;
        synchronized (lock) {
            while (!closed && idle.isEmpty()) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a read connection", e);
                }
            }
            if (closed) {
                throw new IllegalStateException("the pulse store is closed");
            }
            reader = idle.pop();
            lent++;
        }
        try {
            return query.run(reader);
        } finally {
            synchronized (lock) {
                lent--;
                if (closed) {
                    reader.close();
                } else {
                    idle.push(reader);
                }
                lock.notifyAll();
            }
        }
    }

    /**
     * Refuses new queries, closes the idle connections at once and the lent ones as their queries
     * end; waits up to {@code timeoutMillis} for those. A query is never cut off: a connection
     * closed under it could fail in the native library rather than with an exception.
     *
     * @return {@code true} if every query in progress finished in time
     */
    boolean close(long timeoutMillis) {
        List<Reader> left = new ArrayList<>();
        boolean finished;
        synchronized (lock) {
            closed = true;
            idle.forEach(Reader::close);
            idle.clear();
            lock.notifyAll(); // those waiting for a connection are refused
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            boolean interrupted = false;
            while (lent > 0 && !interrupted) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, remaining);
                } catch (InterruptedException e) {
                    interrupted = true;
                    Thread.currentThread().interrupt();
                }
            }
            finished = lent == 0;
        }
        if (!finished) {
            LOG.warn("Queries still running {} ms after the store closed; their connections close when they end", timeoutMillis);
        }
        return finished;
    }
}
