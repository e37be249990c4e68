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
import org.emon.api.store.PulseAppender;
import org.emon.api.store.StoreResult;
import org.junit.jupiter.api.Test;

/** Ingest called directly, over a store that answers as told. */
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

    private static SecurityContext user(String role) {
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return () -> "u";
            }

            @Override
            public boolean isUserInRole(String r) {
                return r.equals(role) || (r.equals("viewer") && "admin".equals(role));
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        };
    }

    private static Response post(PulsesResource resource, String id, String role, String body) {
        return resource.ingest(id, "application/json", null, user(role), new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2023-11-14T22:13:30Z"), ZoneOffset.UTC);
    private static final String BODY = "{\"timestamps\":[1699999999000,1699999999001]}";

    @Test
    void answersTheCommittedCountsForAnAdmin() {
        PulsesResource resource = new PulsesResource(METERS, null, store(p -> CompletableFuture.completedFuture(new StoreResult(1, 1))), 1000, CLOCK);
        Response response = post(resource, "21", "admin", BODY);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getEntity()).isEqualTo(new PulsesResource.Ingested(1, 1));
        assertThat(stored).containsExactly(List.of(new Pulse(21, 1_699_999_999_000L), new Pulse(21, 1_699_999_999_001L)));
    }

    @Test
    void refusesAViewerAndAnUnknownMeterBeforeStoringAnything() {
        PulsesResource resource = new PulsesResource(METERS, null, store(p -> CompletableFuture.completedFuture(new StoreResult(2, 0))), 1000, CLOCK);
        assertError(post(resource, "21", "viewer", BODY), 403, "admin role");
        assertError(resource.ingest("21", "application/json", null, null, new ByteArrayInputStream(new byte[0])), 403, "admin role");
        assertError(post(resource, "99", "admin", BODY), 404, "no meter 99");
        assertError(post(resource, "abc", "admin", BODY), 404, "no meter abc");
        assertError(post(resource, "21", "admin", "{\"timestamps\":[]}"), 400, "empty");
        assertError(resource.ingest("21", "text/plain", null, user("admin"), new ByteArrayInputStream(BODY.getBytes(StandardCharsets.UTF_8))),
                415, "JSON");
        assertError(resource.ingest("21", "application/json", "2000000", user("admin"), new ByteArrayInputStream(new byte[0])), 413, "over");
        assertThat(stored).isEmpty();
    }

    @Test
    void answers503WithRetryAfterWhenTheStoreRefusesOrIsSlow() {
        Response full = post(new PulsesResource(METERS, null, store(p -> {
            throw new RejectedExecutionException("full");
        }), 1000, CLOCK), "21", "admin", BODY);
        assertError(full, 503, "retry later");
        assertThat(full.getHeaderString("Retry-After")).isEqualTo("2");

        Response rejected = post(new PulsesResource(METERS, null, store(p -> CompletableFuture.failedFuture(new RejectedExecutionException("stopping"))), 1000, CLOCK),
                "21", "admin", BODY);
        assertError(rejected, 503, "retry later");

        Response slow = post(new PulsesResource(METERS, null, store(p -> new CompletableFuture<>()), 50, CLOCK), "21", "admin", BODY);
        assertError(slow, 503, "not committed within");
        assertThat(slow.getHeaderString("Retry-After")).isEqualTo("2");

        Response failed = post(new PulsesResource(METERS, null, store(p -> CompletableFuture.failedFuture(new IllegalStateException("disk"))), 1000, CLOCK),
                "21", "admin", BODY);
        assertError(failed, 503, "failed to commit");
    }

    private static void assertError(Response response, int status, String message) {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getEntity()).isInstanceOf(Map.class);
        Map<?, ?> body = (Map<?, ?>) response.getEntity();
        assertThat(body.get("status")).isEqualTo(status);
        assertThat((String) body.get("message")).contains(message);
    }
}
