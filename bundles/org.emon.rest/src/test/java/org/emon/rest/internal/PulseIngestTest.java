package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.emon.api.MeterRegistry;
import org.emon.api.Pulse;
import org.emon.api.store.DiskFullException;
import org.emon.api.store.PulseAppender;
import org.emon.api.store.StoreResult;
import org.emon.rest.internal.TestApp.Answer;
import org.junit.jupiter.api.Test;

/** Ingest through the real pipeline, over a store that answers as told. */
class PulseIngestTest {

    record TestMeter(int id, String description, String location, MeterKind kind, double impulsesPerUnit) implements Meter {
    }

    private static final Meter MAIN = new TestMeter(21, "Main", "Hall", MeterKind.ELECTRICITY, 1000);
    private static final MeterRegistry METERS = new MeterRegistry() {
        @Override
        public List<Meter> meters() {
            return List.of(MAIN);
        }

        @Override
        public Optional<Meter> meter(int id) {
            return id == 21 ? Optional.of(MAIN) : Optional.empty();
        }
    };

    private final List<Collection<Pulse>> stored = new ArrayList<>();

    /** A store whose {@code store} answers with {@code answer}; other methods are not called. */
    private PulseAppender store(Function<Collection<Pulse>, CompletionStage<StoreResult>> answer) {
        return (PulseAppender) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { PulseAppender.class }, (proxy, method, args) -> {
            if (!method.getName().equals("store")) {
                throw new AssertionError("unexpected call " + method);
            }
            @SuppressWarnings("unchecked")
            Collection<Pulse> pulses = (Collection<Pulse>) args[0];
            stored.add(pulses);
            return answer.apply(pulses);
        });
    }

    /** A POST through the real pipeline (role check, body limit, error mapper) with a stand-in token for {@code role}. */
    private static Answer post(PulsesResource resource, String id, String role, String body) {
        return post(resource, id, role, "application/json", body);
    }

    private static Answer post(PulsesResource resource, String id, String role, String type, String body) {
        return new TestApp(resource).call("POST", "/api/v1/meters/" + id + "/pulses", body, TestApp.withToken(role, "Content-Type", type));
    }

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2023-11-14T22:13:30Z"), ZoneOffset.UTC);
    private static final String BODY = "{\"timestamps\":[1699999999000,1699999999001]}";

    @Test
    void answersTheCommittedCountsForAnAdmin() {
        PulsesResource resource = new PulsesResource(METERS, null, store(p -> CompletableFuture.completedFuture(new StoreResult(1, 1))), 1000, CLOCK);
        Answer response = post(resource, "21", "admin", BODY);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).isEqualTo(TestApp.JSON.valueToTree(new PulsesResource.Ingested(1, 1)));
        assertThat(stored).containsExactly(List.of(new Pulse(21, 1_699_999_999_000L), new Pulse(21, 1_699_999_999_001L)));
    }

    @Test
    void refusesAViewerAndAnUnknownMeterBeforeStoringAnything() {
        PulsesResource resource = new PulsesResource(METERS, null, store(p -> CompletableFuture.completedFuture(new StoreResult(2, 0))), 1000, CLOCK);
        assertError(post(resource, "21", "viewer", BODY), 403, "admin or ingest role");
        assertError(post(resource, "21", null, BODY), 401, "Authentication required");
        assertError(post(resource, "99", "admin", BODY), 404, "no meter 99");
        assertError(post(resource, "abc", "admin", BODY), 404, "no meter abc");
        assertError(post(resource, "21", "admin", "{\"timestamps\":[]}"), 400, "empty");
        assertError(post(resource, "21", "admin", "text/plain", BODY), 415, "JSON");
        assertError(post(resource, "21", "admin", "application/json", " ".repeat(PulseBatchParser.MAX_BODY_BYTES + 1)), 413,
                "request body over 1048576 bytes");
        assertThat(stored).isEmpty();
    }

    @Test
    void answers503WithRetryAfterWhenTheStoreRefusesOrIsSlow() {
        Answer full = post(new PulsesResource(METERS, null, store(p -> {
            throw new RejectedExecutionException("full");
        }), 1000, CLOCK), "21", "admin", BODY);
        assertError(full, 503, "retry later");
        assertThat(full.header("Retry-After")).isEqualTo("2");

        Answer rejected = post(new PulsesResource(METERS, null, store(p -> CompletableFuture.failedFuture(new RejectedExecutionException("stopping"))), 1000, CLOCK),
                "21", "admin", BODY);
        assertError(rejected, 503, "retry later");

        Answer slow = post(new PulsesResource(METERS, null, store(p -> new CompletableFuture<>()), 50, CLOCK), "21", "admin", BODY);
        assertError(slow, 503, "not committed within");
        assertThat(slow.header("Retry-After")).isEqualTo("2");

        Answer failed = post(new PulsesResource(METERS, null, store(p -> CompletableFuture.failedFuture(new IllegalStateException("disk"))), 1000, CLOCK),
                "21", "admin", BODY);
        assertError(failed, 503, "failed to commit");
    }

    @Test
    void saysWhyTheStoreRefusesAndAsksAgainLaterWhenItsDiskIsFull() {
        Answer queue = post(new PulsesResource(METERS, null, store(p -> CompletableFuture.failedFuture(
                new RejectedExecutionException("the pulse store's queue has no room for 2 pulses"))), 1000, CLOCK), "21", "admin", BODY);
        assertError(queue, 503, "the store cannot take the batch now: the pulse store's queue has no room for 2 pulses; retry later");
        assertThat(queue.header("Retry-After")).isEqualTo("2");

        String full = "the disk holding the pulse store's database is full (0 bytes free on /var/lib/emon)";
        Answer refused = post(new PulsesResource(METERS, null, store(p -> CompletableFuture.failedFuture(new DiskFullException(full))), 1000, CLOCK),
                "21", "admin", BODY);
        assertError(refused, 503, "the store cannot take the batch now: " + full + "; retry later");
        assertThat(refused.header("Retry-After")).isEqualTo("30");

        // a batch queued before the disk filled: its caller is told as soon as the store finds the disk full
        CompletableFuture<StoreResult> later = new CompletableFuture<>();
        new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            later.completeExceptionally(new DiskFullException(full + "; the batch stays queued"));
        }).start();
        Answer released = post(new PulsesResource(METERS, null, store(p -> later), 60_000, CLOCK), "21", "admin", BODY);
        assertError(released, 503, "the batch stays queued");
        assertThat(released.header("Retry-After")).isEqualTo("30");
    }

    private static void assertError(Answer answer, int status, String message) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.type()).startsWith("application/json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
        assertThat(answer.message()).contains(message);
    }
}
