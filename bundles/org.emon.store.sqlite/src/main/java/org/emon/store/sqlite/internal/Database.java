package org.emon.store.sqlite.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteException;

/** Opens connections to the emon database file with the settings every connection needs. */
final class Database {

    /**
     * How long SQLite itself waits for a lock before reporting SQLITE_BUSY. Short, because the writer
     * has its own back-off and retry, and a writer parked inside SQLite cannot notice a shutdown.
     */
    static final int BUSY_TIMEOUT_MS = 1000;

    private Database() {
    }

    /** The one connection that writes: WAL, so that readers never block it nor it them. */
    static Connection openWriter(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL to begin with: in WAL mode a commit is then durable against a killed or crashed
        // process (the WAL is in the OS page cache), not against a power cut. The writer switches to
        // FULL (an fsync of the WAL per commit) for the commits that must survive one: see Durability.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        return open(file, config);
    }

    /** A connection for queries; in WAL mode it reads the last committed state without locking the writer out. */
    static Connection openReader(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        return open(file, config);
    }

    private static Connection open(Path file, SQLiteConfig config) throws SQLException {
        // The DataSource is used directly: DriverManager look-ups across bundles are unreliable in OSGi.
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return dataSource.getConnection();
    }

    /** Whether an exception only means that another connection holds a lock: worth waiting and retrying as is. */
    static boolean isBusy(Throwable error) {
        return hasPrimaryCode(error, 5 /* SQLITE_BUSY */) || hasPrimaryCode(error, 6 /* SQLITE_LOCKED */);
    }

    /** Whether SQLite found the disk (or the database's size limit) full. */
    static boolean isFull(Throwable error) {
        return hasPrimaryCode(error, 13 /* SQLITE_FULL */);
    }

    /** Whether SQLite reported an I/O error (a failed read, write, sync or truncate of one of its files). */
    static boolean isIoError(Throwable error) {
        return hasPrimaryCode(error, 10 /* SQLITE_IOERR */);
    }

    /** Whether an exception or one of its causes carries this SQLite result code (extended codes included). */
    private static boolean hasPrimaryCode(Throwable error, int primaryCode) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            int code = -1;
            if (t instanceof SQLiteException sqlite) {
                code = sqlite.getResultCode().code;
            } else if (t instanceof SQLException sql) {
                code = sql.getErrorCode();
            }
            // extended result codes keep the primary code in the low byte
            if (code > 0 && (code & 0xff) == primaryCode) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
