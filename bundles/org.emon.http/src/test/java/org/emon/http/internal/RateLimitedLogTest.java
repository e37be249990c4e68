package org.emon.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<String> lines = new ArrayList<>();
    private final RateLimitedLog log = new RateLimitedLog(Duration.ofMinutes(1), now::get, lines::add);

    @Test
    void theFirstEventOfAKindIsLoggedAndTheRestOfTheMinuteOnlyCounted() {
        for (int i = 0; i < 2000; i++) {
            log.event("431", "header too large");
        }
        assertThat(lines).containsExactly("header too large");

        now.addAndGet(Duration.ofSeconds(59).toNanos());
        log.event("431", "header too large");
        assertThat(lines).hasSize(1);

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        log.event("431", "header too large");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).isEqualTo("header too large (and 2000 more like it since the previous line, not logged)");

        now.addAndGet(Duration.ofMinutes(5).toNanos());
        log.event("431", "header too large");
        assertThat(lines.get(2)).as("nothing left out since the previous line").isEqualTo("header too large");
    }

    @Test
    void eachKindHasItsOwnMinute() {
        log.event("431", "a");
        log.event("400", "b");
        log.event("431", "a");
        log.event("400", "b");
        assertThat(lines).containsExactly("a", "b");
    }

    @Test
    void kindsAreBoundedSoThatManyKindsCannotFloodTheLogEither() {
        for (int k = 0; k < 1000; k++) {
            log.event("kind-" + k, "line " + k);
        }
        assertThat(lines).hasSize(RateLimitedLog.MAX_KINDS + 1); // MAX_KINDS own lines, one for the shared "other"
    }

    @Test
    void concurrentEventsLogOneLineAndCountTheOthers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<String> shared = java.util.Collections.synchronizedList(new ArrayList<>());
        RateLimitedLog concurrent = new RateLimitedLog(Duration.ofMinutes(1), now::get, shared::add);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 1000; i++) {
                    concurrent.event("431", "x");
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(shared).containsExactly("x");
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        concurrent.event("431", "x");
        assertThat(shared.get(1)).isEqualTo("x (and 7999 more like it since the previous line, not logged)");
    }
}
