package org.emon.mqtt.internal;

/** When to try the broker again: 1 s after a failure, doubling up to a maximum, at once after a success. */
final class Backoff {

    private final long maxMillis;
    private long delayMillis;
    private long nextMillis;

    Backoff(long maxMillis) {
        this.maxMillis = Math.max(1_000, maxMillis);
    }

    long maxMillis() {
        return maxMillis;
    }

    boolean due(long nowMillis) {
        return nowMillis >= nextMillis;
    }

    /** @return the wait before the next attempt */
    long failed(long nowMillis) {
        delayMillis = delayMillis == 0 ? 1_000 : Math.min(maxMillis, delayMillis * 2);
        nextMillis = nowMillis + delayMillis;
        return delayMillis;
    }

    void succeeded() {
        delayMillis = 0;
        nextMillis = 0;
    }
}
