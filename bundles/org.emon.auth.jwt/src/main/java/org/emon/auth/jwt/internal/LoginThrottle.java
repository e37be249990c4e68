package org.emon.auth.jwt.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Slows password guessing per username: the first {@code freeAttempts} failures cost nothing extra,
 * then each further attempt must wait 1 s, 2 s, 4 s ... up to {@code maxDelay} after the previous
 * failure. A success, or {@code window} without failures, forgets the name. Unknown names are
 * counted like known ones, so the throttle does not reveal which users exist.
 */
final class LoginThrottle {

    private final Clock clock;
    private final int freeAttempts;
    private final Duration window;
    private final Duration maxDelay;
    private final Map<String, Entry> entries;

    private static final class Entry {
        int failures;
        Instant last;
    }

    LoginThrottle(Clock clock) {
        this(clock, 5, Duration.ofMinutes(15), Duration.ofMinutes(5), 10_000);
    }

    LoginThrottle(Clock clock, int freeAttempts, Duration window, Duration maxDelay, int maxEntries) {
        this.clock = clock;
        this.freeAttempts = freeAttempts;
        this.window = window;
        this.maxDelay = maxDelay;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    private static String key(String username) {
        String k = username.length() > 64 ? username.substring(0, 64) : username;
        return k.toLowerCase(Locale.ROOT);
    }

    /** Zero if an attempt for this name may go ahead now, else how long to wait. */
    synchronized Duration waitFor(String username) {
        Entry e = current(key(username));
        if (e == null || e.failures < freeAttempts) {
            return Duration.ZERO;
        }
        Instant allowedAt = e.last.plus(delay(e.failures));
        Instant now = clock.instant();
        return now.isBefore(allowedAt) ? Duration.between(now, allowedAt) : Duration.ZERO;
    }

    synchronized void failed(String username) {
        String k = key(username);
        Entry e = current(k);
        if (e == null) {
            e = new Entry();
            entries.put(k, e);
        }
        e.failures++;
        e.last = clock.instant();
    }

    synchronized void succeeded(String username) {
        entries.remove(key(username));
    }

    private Entry current(String k) {
        Entry e = entries.get(k);
        if (e != null && clock.instant().isAfter(e.last.plus(window))) {
            entries.remove(k);
            return null;
        }
        return e;
    }

    private Duration delay(int failures) {
        int excess = Math.min(failures - freeAttempts, 20);
        Duration d = Duration.ofSeconds(1L << excess);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
