package org.emon.store.sqlite.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as the original emon-server wrote them: SQLite's {@code datetime('now')} format, in UTC. */
final class SqlTime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private SqlTime() {
    }

    /** {@code 'YYYY-MM-DD HH:MM:SS'} in UTC. */
    static String format(long epochMillis) {
        return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }
}
