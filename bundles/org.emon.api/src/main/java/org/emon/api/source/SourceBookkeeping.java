package org.emon.api.source;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.emon.api.PulseSink;
import org.emon.api.SourceStatus;
import org.emon.api.SourceStatus.State;

/**
 * What a pulse source reports about itself, kept as it delivers: a source hands each pulse to
 * {@link #deliver(long)}, says {@link #running()}, {@link #waiting(String)} or
 * {@link #failed(String)} when its situation changes, and returns {@link #status()} from
 * {@link org.emon.api.PulseSource#status()}. Safe to use from several threads at once.
 */
public final class SourceBookkeeping {

    /** A state and its detail, swapped as one so that a reader never sees one without the other. */
    private record Situation(State state, String detail) {
    }

    private static final Situation COUNTING = new Situation(State.RUNNING, "");

    private final PulseSink sink;
    private final int meterId;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile long lastPulse;
    private volatile Situation situation;

    /**
     * @param sink    where the pulses go
     * @param meterId the meter the source counts for
     * @param state   the state before the first pulse
     * @param detail  why it is in that state, e.g. {@code starting}; may be empty
     */
    public SourceBookkeeping(PulseSink sink, int meterId, State state, String detail) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.meterId = meterId;
        this.situation = new Situation(Objects.requireNonNull(state, "state"), detail == null ? "" : detail);
    }

    /**
     * Delivers one pulse of this meter to the sink. An accepted pulse is counted and makes the
     * source {@code RUNNING}; a refused one (no such meter configured) is counted as refused and
     * makes it {@code WAITING}. If the sink throws, the source is {@code FAILED} and the exception
     * is rethrown for the source to log.
     *
     * @return whether the sink accepted the pulse
     */
    public boolean deliver(long timestampMillis) {
        boolean accepted;
        try {
            accepted = sink.pulse(meterId, timestampMillis);
        } catch (RuntimeException e) {
            failed("pulse not delivered: " + e);
            throw e;
        }
        if (accepted) {
            lastPulse = timestampMillis;
            delivered.incrementAndGet();
            if (situation != COUNTING) {
                situation = COUNTING;
            }
        } else {
            long count = refused.incrementAndGet();
            situation = new Situation(State.WAITING, "pulses for meter " + meterId
                    + " are refused: no meter with that id is configured (" + count + " refused)");
        }
        return accepted;
    }

    /** Counting, with nothing to report. */
    public void running() {
        situation = COUNTING;
    }

    /** Counting, with something worth knowing, e.g. {@code no pulse yet} or a datagram it ignored. */
    public void running(String note) {
        situation = new Situation(State.RUNNING, Objects.requireNonNull(note, "note"));
    }

    /** Ready, but waiting for something it needs. */
    public void waiting(String reason) {
        situation = new Situation(State.WAITING, Objects.requireNonNull(reason, "reason"));
    }

    /** Not able to deliver pulses. */
    public void failed(String reason) {
        situation = new Situation(State.FAILED, Objects.requireNonNull(reason, "reason"));
    }

    /** The time of the pulse most recently accepted, or 0 if none yet. */
    public long lastPulseMillis() {
        return lastPulse;
    }

    /** Pulses the sink refused since the source started. */
    public long refused() {
        return refused.get();
    }

    public int meterId() {
        return meterId;
    }

    /** The source's status now, for {@link org.emon.api.PulseSource#status()}. */
    public SourceStatus status() {
        Situation now = situation;
        return new SourceStatus(now.state(), now.detail(), delivered.get(), lastPulse);
    }
}
