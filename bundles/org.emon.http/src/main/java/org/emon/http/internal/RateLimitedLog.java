package org.emon.http.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Logs repeated events of a kind at most once per period, with the count of those it left out:
 * a client that sends thousands of bad requests adds one line a minute to the log, not thousands.
 * Kinds are a small fixed set chosen by the caller (never a client's text); past {@value #MAX_KINDS}
 * kinds, new ones share one.
 */
public final class RateLimitedLog {

    static final int MAX_KINDS = 32;
    static final String OTHER = "other";

    private final long periodNanos;
    private final LongSupplier nanoTime;
    private final Consumer<String> sink;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimitedLog(Duration period, LongSupplier nanoTime, Consumer<String> sink) {
        this.periodNanos = period.toNanos();
        this.nanoTime = nanoTime;
        this.sink = sink;
    }

    /** One event: logged as {@code line} if its kind had no line this period, else counted. */
    public void event(String kind, String line) {
        String key = windows.size() >= MAX_KINDS && !windows.containsKey(kind) ? OTHER : kind;
        Window w = windows.computeIfAbsent(key, k -> new Window(nanoTime.getAsLong() - periodNanos));
        long now = nanoTime.getAsLong();
        long next = w.next.get();
        if (now - next >= 0 && w.next.compareAndSet(next, now + periodNanos)) {
            long left = w.suppressed.getAndSet(0);
            sink.accept(left == 0 ? line
                    : line + " (and " + left + " more like it since the previous line, not logged)");
        } else {
            w.suppressed.incrementAndGet();
        }
    }

    private static final class Window {
        final AtomicLong next;
        final AtomicLong suppressed = new AtomicLong();

        Window(long next) {
            this.next = new AtomicLong(next);
        }
    }
}
