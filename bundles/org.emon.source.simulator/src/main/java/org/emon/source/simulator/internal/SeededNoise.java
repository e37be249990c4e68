package org.emon.source.simulator.internal;

/**
 * Random numbers as a pure function of a seed and a position (a minute, a day...), so a profile gives
 * the same value for the same instant however often and in whatever order it is asked.
 */
final class SeededNoise {

    private SeededNoise() {
    }

    /** SplitMix64's finaliser: a well-spread 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A seed for one stream (a purpose) at one position. */
    static long key(long seed, long stream, long position) {
        return mix(mix(seed ^ stream * 0x9e3779b97f4a7c15L) + position);
    }

    /** Uniform in [low, high), the same for the same arguments. */
    static double uniform(long seed, long stream, long position, double low, double high) {
        double unit = (key(seed, stream, position) >>> 11) * 0x1.0p-53;
        return low + unit * (high - low);
    }
}
