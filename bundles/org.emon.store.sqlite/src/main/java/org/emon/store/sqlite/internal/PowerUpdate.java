package org.emon.store.sqlite.internal;

/** A meter's power to write to {@code meter.ipu}, with the time it was given. */
record PowerUpdate(int meterId, long watts, long atMillis) {
}
