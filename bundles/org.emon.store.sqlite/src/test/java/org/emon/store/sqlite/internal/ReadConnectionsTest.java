package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.emon.api.Pulse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's read connections on a real database file: queries at once, waiting, closing. */
class ReadConnectionsTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void threePulses() throws Exception {
        SqlitePulseStore store = Stores.open(dir.resolve("emon.db"));
        store.store(List.of(new Pulse(21, T0), new Pulse(21, T0 + 1), new Pulse(21, T0 + 2)))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        Stores.close(store);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private static long count(ReadConnections.Reader reader) throws SQLException {
        reader.count.setInt(1, 21);
        reader.count.setLong(2, Long.MIN_VALUE);
        reader.count.setLong(3, Long.MAX_VALUE);
        try (ResultSet rs = reader.count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A query running on one of the connections, holding it until released. */
    private record Held(Future<Long> count, CountDownLatch release) {
    }

    /** Starts a query that counts, then holds its connection until released; returns once it counted. */
    private Held hold(ReadConnections readers) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Long> count = threads.submit(() -> readers.run(reader -> {
            long n = count(reader);
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return n;
        }));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        return new Held(count, release);
    }

    @Test
    void aSecondQueryCompletesWhileTheFirstHoldsItsConnection() throws Exception {
        ReadConnections readers = new ReadConnections(dir.resolve("emon.db"), 2);
        Held first = hold(readers);

        Future<Long> second = threads.submit(() -> readers.run(ReadConnectionsTest::count));
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(first.count().isDone()).isFalse();

        first.release().countDown();
        assertThat(first.count().get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(readers.close(1000)).isTrue();
    }

    @Test
    void withOneConnectionTheSecondQueryWaitsForIt() throws Exception {
        ReadConnections readers = new ReadConnections(dir.resolve("emon.db"), 1);
        Held first = hold(readers);

        Future<Long> second = threads.submit(() -> readers.run(ReadConnectionsTest::count));
        assertThatThrownBy(() -> second.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        first.release().countDown();
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(first.count().get(10, TimeUnit.SECONDS)).isEqualTo(3);
        readers.close(1000);
    }

    @Test
    void closingLetsTheQueryInProgressFinishAndRefusesTheWaitingAndLaterOnes() throws Exception {
        ReadConnections readers = new ReadConnections(dir.resolve("emon.db"), 1);
        Held inProgress = hold(readers);
        Future<Long> waiting = threads.submit(() -> readers.run(ReadConnectionsTest::count));

        CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> readers.close(10_000), threads);
        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(closed.isDone()).isFalse(); // still waiting for the query in progress

        inProgress.release().countDown();
        assertThat(inProgress.count().get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(closed.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(readers.size()).isZero();
        assertThatThrownBy(() -> readers.run(ReadConnectionsTest::count)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the pulse store is closed");
    }

    @Test
    void theStoreRefusesQueriesOnceClosed() throws Exception {
        SqlitePulseStore store = Stores.open(dir.resolve("emon.db"));
        assertThat(store.count(21, T0, T0 + 3)).isEqualTo(3);
        Stores.close(store);
        assertThatThrownBy(() -> store.count(21, T0, T0 + 3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.countsBefore(21, new long[] { T0 + 3 })).isInstanceOf(IllegalStateException.class);
    }
}
