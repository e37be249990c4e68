package org.emon.source.gpio.internal;

import java.util.PriorityQueue;

/** A {@link Timebase} that moves only when told: timer tasks run in time order as it advances. */
final class VirtualTime implements Timebase {

    /** Wall-clock time at virtual nanoTime 0: 2026-11-23 12:00:00 UTC. */
    static final long EPOCH_MILLIS = 1_795_435_200_000L;

    private record Task(long at, long order, Runnable run) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    private long now;
    private long order;
    private boolean closed;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long currentTimeMillis() {
        return EPOCH_MILLIS + Math.floorDiv(now, 1_000_000);
    }

    @Override
    public void at(long nanoTime, Runnable task) {
        if (!closed) {
            tasks.add(new Task(nanoTime, order++, task));
        }
    }

    /** Runs the tasks due up to {@code nanoTime}, each at its own time, and stops there. */
    void advanceTo(long nanoTime) {
        if (nanoTime < now) {
            throw new IllegalArgumentException("time runs forward: " + nanoTime + " < " + now);
        }
        while (!tasks.isEmpty() && tasks.peek().at <= nanoTime) {
            Task task = tasks.poll();
            now = Math.max(now, task.at);
            task.run.run();
        }
        now = nanoTime;
    }

    int pendingTasks() {
        return tasks.size();
    }

    @Override
    public void close() {
        closed = true;
        tasks.clear();
    }
}
