package org.emon.store.sqlite.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

/**
 * The real SQLite store, with its default settings, for the MQTT benchmark: in the store's package
 * (on the plain test class path) because its configuration type and stop are package-private.
 */
public final class BenchmarkStore {

    private BenchmarkStore() {
    }

    public static SqlitePulseStore open(Path file) throws Exception {
        return new SqlitePulseStore(new SqlitePulseStore.Config() {
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
                return 250;
            }

            @Override
            public int commit_max_pulses() {
                return 1000;
            }

            @Override
            public int queue_capacity() {
                return 100_000;
            }
        });
    }

    public static void close(SqlitePulseStore store) {
        store.deactivate();
    }
}
