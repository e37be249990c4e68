package org.emon.api;

import java.util.List;

/**
 * Everything emon knows about one meter right now.
 *
 * @param meter        the meter's configuration
 * @param sources      the sources counting for it, with their states
 * @param pulsesStored pulses in the store for this meter
 * @param power        its instantaneous power
 */
public record MeterStatus(Meter meter, List<SourceInfo> sources, long pulsesStored, PowerReading power) {

    /** A source as seen from its meter. */
    public record SourceInfo(int meterId, String name, SourceStatus status) {
    }

    public MeterStatus {
        sources = List.copyOf(sources);
    }
}
