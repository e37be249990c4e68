package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What counts as a full disk, and how free space reads. */
class DiskSpaceTest {

    @TempDir
    Path dir;

    @Test
    void sqliteFullMeansFullAnIoErrorOnlyWhenLittleIsFreeAndBusyNever() {
        DiskSpace roomy = new DiskSpace(dir.resolve("emon.db")); // a test machine's disk has more than 1 MB free
        assertThat(roomy.freeBytes()).isGreaterThan(DiskSpace.LOW_BYTES);
        assertThat(roomy.meansFull(new SQLiteException("database or disk is full", SQLiteErrorCode.SQLITE_FULL))).isTrue();
        assertThat(roomy.meansFull(new RuntimeException("wrapped", new SQLException("full", "", 13)))).isTrue();
        assertThat(roomy.meansFull(new SQLiteException("disk I/O error", SQLiteErrorCode.SQLITE_IOERR_WRITE))).isFalse();
        assertThat(roomy.meansFull(new SQLException("database is locked", "", 5))).isFalse();
        assertThat(roomy.describe()).endsWith(" free on " + dir);
    }

    @Test
    void formatsBytesForAPerson() {
        assertThat(DiskSpace.format(0)).isEqualTo("0 bytes");
        assertThat(DiskSpace.format(999_999)).isEqualTo("999999 bytes");
        assertThat(DiskSpace.format(4_560_000)).isEqualTo("4.6 MB");
        assertThat(DiskSpace.format(250_000_000_000L)).isEqualTo("250000.0 MB");
    }
}
