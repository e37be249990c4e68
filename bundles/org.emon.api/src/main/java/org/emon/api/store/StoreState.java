package org.emon.api.store;

/** What the store's writer is doing now, for {@code emon:status} and {@code /api/v1/status}. */
public enum StoreState {

    /** Commits succeed (or none has been tried yet). */
    OK,

    /**
     * The latest commit failed and is being retried (e.g. the database is locked by another program,
     * or an I/O error): pulses and batches wait in the queue.
     */
    RETRYING,

    /**
     * The disk holding the database is full: commits are retried until space is freed and then resume
     * by themselves; batches ({@link PulseAppender#store}) are refused meanwhile, pulses from sources
     * wait in the queue as long as it has room.
     */
    DISK_FULL
}
