package org.emon.api.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.emon.api.PulseSink;
import org.emon.api.SourceStatus;
import org.emon.api.SourceStatus.State;
import org.junit.jupiter.api.Test;

class SourceBookkeepingTest {

    @Test
    void acceptedPulsesAreCountedAndTheLastOneRemembered() {
        List<Long> received = new ArrayList<>();
        SourceBookkeeping book = new SourceBookkeeping((meter, ms) -> meter == 21 && received.add(ms), 21,
                State.RUNNING, "no pulse yet");
        assertThat(book.status()).isEqualTo(new SourceStatus(State.RUNNING, "no pulse yet", 0, 0));

        assertThat(book.deliver(1000)).isTrue();
        assertThat(book.deliver(2000)).isTrue();

        assertThat(received).containsExactly(1000L, 2000L);
        assertThat(book.status()).isEqualTo(new SourceStatus(State.RUNNING, "", 2, 2000));
        assertThat(book.lastPulseMillis()).isEqualTo(2000);
        assertThat(book.refused()).isZero();
    }

    @Test
    void refusedPulsesAreCountedAndMakeTheSourceWait() {
        SourceBookkeeping book = new SourceBookkeeping((meter, ms) -> false, 99, State.RUNNING, "");

        assertThat(book.deliver(1000)).isFalse();
        assertThat(book.deliver(2000)).isFalse();

        SourceStatus status = book.status();
        assertThat(status.state()).isEqualTo(State.WAITING);
        assertThat(status.detail()).isEqualTo("pulses for meter 99 are refused: no meter with that id is configured (2 refused)");
        assertThat(status.pulsesDelivered()).isZero();
        assertThat(status.lastPulseMillis()).as("a refused pulse is no last pulse").isZero();
        assertThat(book.refused()).isEqualTo(2);
    }

    @Test
    void anAcceptedPulseAfterRefusedOnesMakesItRunAgain() {
        AtomicInteger calls = new AtomicInteger();
        SourceBookkeeping book = new SourceBookkeeping((meter, ms) -> calls.incrementAndGet() > 1, 7, State.WAITING, "starting");
        book.deliver(1);
        assertThat(book.status().state()).isEqualTo(State.WAITING);
        book.deliver(2);
        assertThat(book.status()).isEqualTo(new SourceStatus(State.RUNNING, "", 1, 2));
        assertThat(book.refused()).isEqualTo(1);
    }

    @Test
    void aSinkThatThrowsFailsTheSourceAndTheCallerSeesWhy() {
        IllegalStateException broken = new IllegalStateException("store closed");
        SourceBookkeeping book = new SourceBookkeeping((meter, ms) -> { throw broken; }, 21, State.RUNNING, "");

        assertThatThrownBy(() -> book.deliver(1000)).isSameAs(broken);

        SourceStatus status = book.status();
        assertThat(status.state()).isEqualTo(State.FAILED);
        assertThat(status.detail()).isEqualTo("pulse not delivered: java.lang.IllegalStateException: store closed");
        assertThat(status.pulsesDelivered()).isZero();
        assertThat(book.refused()).as("a failure is no refusal").isZero();
    }

    @Test
    void stateTransitionsKeepTheirReasonAndTheCounts() {
        SourceBookkeeping book = new SourceBookkeeping((meter, ms) -> true, 21, State.WAITING, "starting");
        assertThat(book.status()).isEqualTo(new SourceStatus(State.WAITING, "starting", 0, 0));
        book.deliver(5);

        book.failed("BCM 4 is already used");
        assertThat(book.status()).isEqualTo(new SourceStatus(State.FAILED, "BCM 4 is already used", 1, 5));
        book.waiting("meter 21 is not configured");
        assertThat(book.status()).isEqualTo(new SourceStatus(State.WAITING, "meter 21 is not configured", 1, 5));
        book.running("ignored a datagram");
        assertThat(book.status()).isEqualTo(new SourceStatus(State.RUNNING, "ignored a datagram", 1, 5));
        book.running();
        assertThat(book.status()).isEqualTo(new SourceStatus(State.RUNNING, "", 1, 5));
        book.failed("stopped");
        book.deliver(6);
        assertThat(book.status()).as("a delivered pulse shows it counts again")
                .isEqualTo(new SourceStatus(State.RUNNING, "", 2, 6));
    }

    @Test
    void countsAreExactUnderSeveralDeliveringThreads() throws Exception {
        int threads = 8;
        int perThread = 20_000;
        // every odd timestamp is refused, so both counters race
        ConcurrentHashMap<Long, Boolean> accepted = new ConcurrentHashMap<>();
        PulseSink sink = (meter, ms) -> ms % 2 == 0 && accepted.put(ms, Boolean.TRUE) == null;
        SourceBookkeeping book = new SourceBookkeeping(sink, 21, State.RUNNING, "");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                long first = (long) t * perThread;
                results.add(pool.submit(() -> {
                    start.await();
                    int ok = 0;
                    for (long ms = first; ms < first + perThread; ms++) {
                        ok += book.deliver(ms) ? 1 : 0;
                    }
                    return ok;
                }));
            }
            start.countDown();
            int acceptedByCallers = 0;
            for (Future<Integer> result : results) {
                acceptedByCallers += result.get(30, TimeUnit.SECONDS);
            }
            assertThat(acceptedByCallers).isEqualTo(threads * perThread / 2);
        } finally {
            pool.shutdownNow();
        }
        assertThat(book.status().pulsesDelivered()).isEqualTo(threads * perThread / 2).isEqualTo(accepted.size());
        assertThat(book.refused()).isEqualTo(threads * perThread / 2);
        assertThat(accepted).containsKey(book.lastPulseMillis());
    }
}
