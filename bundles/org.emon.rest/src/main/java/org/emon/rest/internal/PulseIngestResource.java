package org.emon.rest.internal;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.emon.api.MeterRegistry;
import org.emon.api.Pulse;
import org.emon.api.rest.RestProperties;
import org.emon.api.store.PulseStore;
import org.emon.api.store.StoreResult;
import org.emon.rest.internal.PulseBatchParser.BatchException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/meters/{id}/pulses} with {@code {"timestamps":[ms, ...]}}: pulses of a remote
 * source (an ESP8266 on a far meter, a second Pi). Answered 200 only once they are committed, so a
 * client that got 200 may forget them and one that did not may resend (duplicates count once).
 *
 * <p>The pulses are only stored, not fed to live power: a remote batch may be minutes old, and
 * old pulses would corrupt the current reading.
 */
@Component(service = PulseIngestResource.class, property = RestProperties.RESOURCE + "=true")
@Path("v1/meters/{id}/pulses")
public final class PulseIngestResource {

    private static final Logger LOG = LoggerFactory.getLogger(PulseIngestResource.class);
    /** Far beyond a commit window (~250 ms), yet below a typical client's own timeout. */
    static final long COMMIT_TIMEOUT_SECONDS = 30;
    static final String RETRY_AFTER_SECONDS = "2";

    /** The answer to a committed batch. */
    public record Ingested(int accepted, int duplicates) {
    }

    private final MeterRegistry meters;
    private final PulseStore store;
    private final long commitTimeoutMillis;

    @Activate
    public PulseIngestResource(@Reference MeterRegistry meters, @Reference PulseStore store) {
        this(meters, store, TimeUnit.SECONDS.toMillis(COMMIT_TIMEOUT_SECONDS));
    }

    PulseIngestResource(MeterRegistry meters, PulseStore store, long commitTimeoutMillis) {
        this.meters = meters;
        this.store = store;
        this.commitTimeoutMillis = commitTimeoutMillis;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response ingest(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
            @Context SecurityContext security, InputStream body) {
        if (security == null || !security.isUserInRole(RestProperties.ROLE_ADMIN)) {
            return error(403, "ingesting pulses needs a user with the admin role");
        }
        int meterId = meterId(id);
        if (meterId < 0 || meters.meter(meterId).isEmpty()) {
            return error(404, "no meter " + id + " is configured");
        }
        long[] timestamps;
        try {
            if (declaredTooLarge(contentLength)) {
                // refused before reading: the client may not even be sending the rest
                throw new BatchException(413, "request body over " + PulseBatchParser.MAX_BODY_BYTES + " bytes");
            }
            timestamps = PulseBatchParser.parse(PulseBatchParser.read(body), System.currentTimeMillis());
        } catch (BatchException e) {
            return error(e.status, e.getMessage());
        }
        List<Pulse> pulses = new ArrayList<>(timestamps.length);
        for (long ms : timestamps) {
            pulses.add(new Pulse(meterId, ms));
        }
        return store(pulses);
    }

    private Response store(List<Pulse> pulses) {
        // our own future: the store's CompletionStage need not support toCompletableFuture()
        CompletableFuture<StoreResult> committed = new CompletableFuture<>();
        try {
            store.store(pulses).whenComplete((result, failure) -> {
                if (failure != null) {
                    committed.completeExceptionally(failure);
                } else {
                    committed.complete(result);
                }
            });
            StoreResult result = committed.get(commitTimeoutMillis, TimeUnit.MILLISECONDS);
            return Response.ok(new Ingested(result.accepted(), result.duplicates()))
                    .type(MediaType.APPLICATION_JSON_TYPE).build();
        } catch (RejectedExecutionException e) {
            return unavailable("the store cannot take the batch now (queue full or stopping); retry later");
        } catch (TimeoutException e) {
            return unavailable("the pulses were not committed within " + commitTimeoutMillis / 1000.0
                    + " s; they may still be: resending is safe, duplicates count once");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof RejectedExecutionException) {
                return unavailable("the store cannot take the batch now (queue full or stopping); retry later");
            }
            LOG.warn("Ingest of {} pulses failed", pulses.size(), cause);
            return unavailable("the store failed to commit the pulses; resending is safe");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("emon is stopping; resending is safe");
        }
    }

    /** The id as a meter number, or -1: "abc" is as unknown as 99, not a malformed request. */
    private static int meterId(String id) {
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean declaredTooLarge(String contentLength) {
        try {
            return contentLength != null && Long.parseLong(contentLength.trim()) > PulseBatchParser.MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false; // the container deals with a bad length; the read limit still applies
        }
    }

    private static Response unavailable(String message) {
        return Response.fromResponse(error(503, message)).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JsonExceptionMapper.body(status, message)).build();
    }
}
