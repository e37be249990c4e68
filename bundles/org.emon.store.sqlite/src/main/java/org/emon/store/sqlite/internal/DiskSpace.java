package org.emon.store.sqlite.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The space left for the database on its file system, and whether a failed commit means that the
 * disk is full: what the store shows in its state, and what decides that it refuses batches.
 */
final class DiskSpace {

    /**
     * An I/O error with less than this free is taken for a full disk: SQLite reports a write that
     * ran out of space as SQLITE_FULL, but growing its shared-memory index as an I/O error.
     */
    static final long LOW_BYTES = 1 << 20;

    private final Path directory;
    /** {@code null} if the file system could not be looked up: free space is then unknown. */
    private final FileStore fileStore;

    DiskSpace(Path database) {
        Path absolute = database.toAbsolutePath();
        this.directory = absolute.getParent() != null ? absolute.getParent() : absolute;
        FileStore found;
        try {
            found = Files.getFileStore(directory);
        } catch (IOException e) {
            found = null;
        }
        this.fileStore = found;
    }

    /** Bytes free for the database now, or -1 if unknown. */
    long freeBytes() {
        if (fileStore == null) {
            return -1;
        }
        try {
            return fileStore.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Whether a failed commit means that the disk is full. */
    boolean meansFull(Throwable error) {
        if (Database.isFull(error)) {
            return true;
        }
        long free = freeBytes();
        return Database.isIoError(error) && free >= 0 && free < LOW_BYTES;
    }

    /** E.g. "0 bytes free on /var/lib/emon". */
    String describe() {
        long free = freeBytes();
        return (free < 0 ? "free space unknown" : format(free) + " free") + " on " + directory;
    }

    /** Bytes for a person: exact below a megabyte, else in MB (as {@code df -H} counts them). */
    static String format(long bytes) {
        return bytes < 1_000_000 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
