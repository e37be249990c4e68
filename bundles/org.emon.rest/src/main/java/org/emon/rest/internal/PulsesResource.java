package org.emon.rest.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriBuilder;
import javax.ws.rs.core.UriInfo;

import org.emon.api.MeterRegistry;
import org.emon.api.Pulse;
import org.emon.api.rest.ApiException;
import org.emon.api.rest.BodyLimit;
import org.emon.api.rest.RestProperties;
import org.emon.api.store.DiskFullException;
import org.emon.api.store.PulseAppender;
import org.emon.api.store.PulseQueries;
import org.emon.api.store.StoreResult;
import org.emon.rest.internal.EnergyParameters.Query;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/meters/{id}/pulses}: a meter's raw pulses, a page at a time ({@code GET}, any
 * user, JSON or CSV), and pulse ingest ({@code POST}, admins and API tokens with the ingest scope).
 *
 * <p>Ingest takes {@code {"timestamps":[ms, ...]}}: pulses of a remote source (an ESP8266 on a
 * far meter, a second Pi). Answered 200 only once they are committed, so a client that got 200 may
 * forget them and one that did not may resend (duplicates count once). The pulses are only
 * stored, not fed to live power: a remote batch may be minutes old, and old pulses would corrupt
 * the current reading.
 */
@Component(service = PulsesResource.class, property = RestProperties.RESOURCE + "=true")
@Path("v1/meters/{id}/pulses")
public final class PulsesResource {

    private static final Logger LOG = LoggerFactory.getLogger(PulsesResource.class);
    /** Far beyond a commit window (~250 ms), yet below a typical client's own timeout. */
    static final long COMMIT_TIMEOUT_SECONDS = 30;
    static final long RETRY_AFTER_SECONDS = 2;
    /** Space on a full disk comes back when someone frees it, not in seconds: a client asks again less often. */
    static final long DISK_FULL_RETRY_AFTER_SECONDS = 30;

    static final int DEFAULT_LIMIT = 1000;

    /** The answer to a committed batch. */
    public record Ingested(int accepted, int duplicates) {
    }

    /** A page: pulse times in milliseconds since 1970, oldest first; {@code next} the following page or null. */
    public record Page(int meter, String from, String to, long[] pulses, String next) {
    }

    /** A page and the zone its times are shown in. */
    private record Slice(Page page, ZoneId zone) {
    }

    private final MeterRegistry meters;
    private final PulseQueries queries;
    private final PulseAppender store;
    private final long commitTimeoutMillis;
    private final Clock clock;

    @Activate
    public PulsesResource(@Reference MeterRegistry meters, @Reference PulseQueries queries,
            @Reference PulseAppender store) {
        this(meters, queries, store, TimeUnit.SECONDS.toMillis(COMMIT_TIMEOUT_SECONDS), Clock.systemDefaultZone());
    }

    PulsesResource(MeterRegistry meters, PulseQueries queries, PulseAppender store, long commitTimeoutMillis,
            Clock clock) {
        this.meters = meters;
        this.queries = queries;
        this.store = store;
        this.commitTimeoutMillis = commitTimeoutMillis;
        this.clock = clock;
    }

    /** A page of pulses with {@code from <= time < to}; the {@code Link} header names the next one. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response json(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") String limit, @QueryParam("tz") String tz, @Context UriInfo uri) {
        Page page = page(id, from, to, limit, tz, uri).page();
        return link(Response.ok(page).type(MediaType.APPLICATION_JSON_TYPE), page).build();
    }

    /** The same page as CSV: {@code timestamp,time} (milliseconds, ISO-8601 in {@code tz}). */
    @GET
    @Produces(Csv.PRODUCES)
    public Response csv(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") String limit, @QueryParam("tz") String tz, @Context UriInfo uri) {
        Slice slice = page(id, from, to, limit, tz, uri);
        Csv csv = new Csv("timestamp", "time");
        for (long ms : slice.page().pulses()) {
            csv.row(ms, Iso.format(Instant.ofEpochMilli(ms), slice.zone()));
        }
        return link(Response.ok(csv.toString()).type(Csv.TYPE), slice.page()).build();
    }

    private Slice page(String id, String from, String to, String limit, String tz, UriInfo uri) {
        int meterId = Requests.meterId(id);
        if (meters.meter(meterId).isEmpty()) {
            throw ApiException.noMeter(id);
        }
        int max = limit(limit);
        Query range = EnergyParameters.range(from, to, tz, clock);
        long fromMillis = range.from().toEpochMilli();
        long toMillis = range.to().toEpochMilli();
        long[] pulses = queries.pulses(meterId, fromMillis, toMillis, max).stream().mapToLong(Pulse::timestampMillis).toArray();
        String next = null;
        if (pulses.length == max && pulses[max - 1] + 1 < toMillis) {
            // epoch milliseconds in the link: nothing to encode, no zone to get wrong
            UriBuilder builder = UriBuilder.fromPath(uri.getBaseUri().getRawPath()).path("v1/meters/{id}/pulses")
                    .queryParam("from", pulses[max - 1] + 1).queryParam("to", toMillis).queryParam("limit", max);
            if (tz != null && !tz.isBlank()) {
                builder.queryParam("tz", range.zone().getId());
            }
            next = builder.build(meterId).toString();
        }
        return new Slice(new Page(meterId, Iso.format(range.from(), range.zone()), Iso.format(range.to(), range.zone()), pulses, next),
                range.zone());
    }

    /** 1 to {@link PulseQueries#MAX_PAGE}, {@link #DEFAULT_LIMIT} when left out. */
    static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        String text = limit.strip();
        if (!text.matches("[0-9]{1,9}") || Integer.parseInt(text) < 1) {
            throw ApiException.badRequest("limit: must be a whole number from 1 to " + PulseQueries.MAX_PAGE + ", not '"
                    + ApiException.quote(limit) + "'");
        }
        if (Integer.parseInt(text) > PulseQueries.MAX_PAGE) {
            throw ApiException.badRequest("limit: at most " + PulseQueries.MAX_PAGE + " pulses per page, not " + text
                    + "; follow 'next' for the following pages");
        }
        return Integer.parseInt(text);
    }

    private static Response.ResponseBuilder link(Response.ResponseBuilder response, Page page) {
        return page.next() == null ? response : response.header(HttpHeaders.LINK, "<" + page.next() + ">; rel=\"next\"");
    }

    /** Streamed by {@link PulseBatchParser} rather than read as a tree: a batch may hold 10,000 numbers. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ RestProperties.ROLE_ADMIN, RestProperties.ROLE_INGEST })
    @BodyLimit(PulseBatchParser.MAX_BODY_BYTES)
    public Ingested ingest(@PathParam("id") String id, @Context HttpHeaders headers, byte[] body) {
        JsonObjectReader.requireJson(headers.getMediaType());
        int meterId = Requests.meterId(id);
        if (meters.meter(meterId).isEmpty()) {
            throw ApiException.noMeter(id);
        }
        long[] timestamps = PulseBatchParser.parse(body, clock.millis());
        List<Pulse> pulses = new ArrayList<>(timestamps.length);
        for (long ms : timestamps) {
            pulses.add(new Pulse(meterId, ms));
        }
        StoreResult result = store(pulses);
        return new Ingested(result.accepted(), result.duplicates());
    }

    private StoreResult store(List<Pulse> pulses) {
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
            return committed.get(commitTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            throw refused(e);
        } catch (TimeoutException e) {
            throw unavailable("the pulses were not committed within " + commitTimeoutMillis / 1000.0
                    + " s; they may still be: resending is safe, duplicates count once");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof RejectedExecutionException refused) {
                throw refused(refused);
            }
            LOG.warn("Ingest of {} pulses failed", pulses.size(), cause);
            throw unavailable("the store failed to commit the pulses; resending is safe");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("emon is stopping; resending is safe");
        }
    }

    private static ApiException unavailable(String message) {
        return ApiException.unavailable(message, RETRY_AFTER_SECONDS);
    }

    /** The store's own reason (queue full, disk full, stopping) for the client, and when to ask again. */
    private static ApiException refused(RejectedExecutionException e) {
        String why = e.getMessage() != null ? e.getMessage() : "queue full or stopping";
        return ApiException.unavailable("the store cannot take the batch now: " + why + "; retry later",
                e instanceof DiskFullException ? DISK_FULL_RETRY_AFTER_SECONDS : RETRY_AFTER_SECONDS);
    }
}
