package org.emon.rest.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.emon.api.aggregation.EnergyBucket;
import org.emon.api.aggregation.EnergySeries;
import org.emon.api.aggregation.EnergyService;
import org.emon.api.rest.ApiException;
import org.emon.api.rest.RestProperties;
import org.emon.rest.internal.EnergyParameters.Query;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/v1/meters/{id}/energy?from=&to=&resolution=&tz=}: a meter's energy per bucket,
 * bucket times as ISO-8601 with the offset of {@code tz} at that time; as JSON, or as CSV for
 * {@code Accept: text/csv}. Answers are kept by {@link EnergyAnswers} while their data does not
 * change; except those up to now ({@code to} left out), never asked for twice.
 */
@Component(service = EnergyResource.class, property = RestProperties.RESOURCE + "=true")
@Path("v1/meters/{id}/energy")
public final class EnergyResource {

    private static final String JSON = "json";
    private static final String CSV = "csv";

    private final EnergyService energy;
    private final EnergyAnswers answers;
    private final Clock clock;

    @Activate
    public EnergyResource(@Reference EnergyService energy, @Reference EnergyAnswers answers) {
        this(energy, answers, Clock.systemDefaultZone());
    }

    /** Without kept answers. */
    EnergyResource(EnergyService energy, Clock clock) {
        this(energy, EnergyAnswers.none(), clock);
    }

    EnergyResource(EnergyService energy, EnergyAnswers answers, Clock clock) {
        this.energy = energy;
        this.answers = answers;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] energy(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("resolution") String resolution, @QueryParam("tz") String tz) {
        return answer(JSON, id, from, to, resolution, tz);
    }

    /** The same as CSV: {@code start,end,pulses,value,kwh,reading,label}, one line per bucket. */
    @GET
    @Produces(Csv.PRODUCES)
    public Response energyCsv(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("resolution") String resolution, @QueryParam("tz") String tz) {
        return Response.ok(answer(CSV, id, from, to, resolution, tz)).type(Csv.TYPE).build();
    }

    private byte[] answer(String type, String id, String from, String to, String resolution, String tz) {
        int meterId = Requests.meterId(id);
        Query query = EnergyParameters.parse(from, to, resolution, tz, clock);
        Supplier<EnergyAnswers.Computed> compute = () -> {
            EnergySeries series = series(energy, meterId, query.from(), query.to(), query.resolution(), query.zone(), id);
            byte[] bytes = type.equals(CSV) ? EnergyAnswerWriter.csv(series) : EnergyAnswerWriter.json(series);
            return new EnergyAnswers.Computed(bytes, horizon(series, query.to()));
        };
        if (to == null || to.isBlank()) {
            return compute.get().bytes(); // up to this millisecond: the same question never comes again
        }
        return answers.answer(new EnergyAnswers.Key(meterId, query.from(), query.to(), query.resolution(), query.zone(), type),
                compute);
    }

    /** The service's answer; what it refuses (unknown meter, bad resolution, too many buckets) as a 404 or 400. */
    static EnergySeries series(EnergyService energy, int meterId, Instant from, Instant to, String resolution, ZoneId zone, String id) {
        try {
            return energy.energy(meterId, from, to, resolution, zone);
        } catch (NoSuchElementException e) {
            throw ApiException.noMeter(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** The end of the last bucket, which may be after {@code to}: pulses before it were counted. */
    static Instant horizon(EnergySeries series, Instant to) {
        List<EnergyBucket> values = series.values();
        Instant end = values.isEmpty() ? to : values.get(values.size() - 1).end();
        return end.isAfter(to) ? end : to;
    }
}
