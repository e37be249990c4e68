package org.emon.store.sqlite.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.emon.api.Pulse;
import org.emon.api.store.StoreResult;

/** What callers queue for the writer thread: each kind is grouped and written in its own way (see {@link Grouping}). */
sealed interface Entry permits Entry.LivePulse, Entry.Batch, Entry.Import, Entry.Task, Entry.Wake {

    /** When it was queued: a group's commit window is counted from its first entry's. */
    long enqueuedNanos();

    /** A pulse given to {@code append}; {@code seq} rises along the queue, so that flush can compare. */
    record LivePulse(long seq, Pulse pulse, long enqueuedNanos) implements Entry {
    }

    /** Pulses given to {@code store}, committed together (never split), and the caller's stage. */
    record Batch(long seq, List<Pulse> pulses, CompletableFuture<StoreResult> future, long enqueuedNanos)
            implements Entry {
    }

    /** An import chunk, written in a transaction of its own, and the importer's stage. */
    record Import(ImportChunk chunk, CompletableFuture<WriteSession.Result> future, long enqueuedNanos)
            implements Entry {
    }

    /** Work on the write connection (a collect step) in a transaction of its own, and its caller's stage. */
    record Task(WriteSession.Work<Object> work, CompletableFuture<Object> future, long enqueuedNanos)
            implements Entry {
    }

    /**
     * A wake-up for saved meters and powers, which wait in {@link PendingSaves} rather than in the
     * queue, so that the newest value per meter wins.
     */
    record Wake(long enqueuedNanos) implements Entry {
    }

    /** The pulses it counts against the queue's capacity. */
    static int pulses(Entry entry) {
        if (entry instanceof LivePulse) {
            return 1;
        }
        return entry instanceof Batch batch ? batch.pulses().size() : 0;
    }

    /** Whether it is written in a transaction of its own. */
    static boolean alone(Entry entry) {
        return entry instanceof Import || entry instanceof Task;
    }
}
