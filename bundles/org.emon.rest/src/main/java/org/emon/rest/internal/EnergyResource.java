package org.emon.rest.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.NoSuchElementException;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.emon.api.aggregation.EnergySeries;
import org.emon.api.aggregation.EnergyService;
import org.emon.api.rest.ApiException;
import org.emon.api.rest.RestProperties;
import org.emon.rest.internal.EnergyParameters.Query;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /api/v1/meters/{id}/energy?from=&to=&resolution=&tz=}: a meter's energy per bucket,
 * bucket times as ISO-8601 with the offset of {@code tz} at that time; as JSON, or as CSV for
 * {@code Accept: text/csv}.
 */
@Component(service = EnergyResource.class, property = RestProperties.RESOURCE + "=true")
@Path("v1/meters/{id}/energy")
public final class EnergyResource {

    /** The answer; field names are the API. */
    public record Energy(int meter, String unit, String resolution, String tz, List<Value> values) {
    }

    /**
     * A bucket; {@code kwh} (a gas meter's energy with its calorific value), {@code reading} (the
     * meter's display at the bucket's end) and {@code label} (e.g. {@code peak}) only when known.
     */
    public record Value(String start, String end, long pulses, double value,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double kwh,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double reading,
            @JsonInclude(JsonInclude.Include.NON_NULL) String label) {

        public Value(String start, String end, long pulses, double value) {
            this(start, end, pulses, value, null, null, null);
        }
    }

    private final EnergyService energy;
    private final Clock clock;

    @Activate
    public EnergyResource(@Reference EnergyService energy) {
        this(energy, Clock.systemDefaultZone());
    }

    EnergyResource(EnergyService energy, Clock clock) {
        this.energy = energy;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Energy energy(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("resolution") String resolution, @QueryParam("tz") String tz) {
        return answer(series(id, from, to, resolution, tz));
    }

    /** The same as CSV: {@code start,end,pulses,value,kwh,reading,label}, one line per bucket. */
    @GET
    @Produces(Csv.PRODUCES)
    public Response energyCsv(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("resolution") String resolution, @QueryParam("tz") String tz) {
        return Response.ok(csv(answer(series(id, from, to, resolution, tz)))).type(Csv.TYPE).build();
    }

    private EnergySeries series(String id, String from, String to, String resolution, String tz) {
        int meterId = Requests.meterId(id);
        Query query = EnergyParameters.parse(from, to, resolution, tz, clock);
        return series(energy, meterId, query.from(), query.to(), query.resolution(), query.zone(), id);
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

    static Energy answer(EnergySeries series) {
        ZoneId zone = series.zone();
        List<Value> values = series.values().stream().map(b -> new Value(Iso.format(b.start(), zone), Iso.format(b.end(), zone),
                b.pulses(), b.value(), b.kwh(), b.reading(), b.label())).toList();
        return new Energy(series.meterId(), series.unit(), series.resolution(), zone.getId(), values);
    }

    static String csv(Energy energy) {
        Csv csv = new Csv("start", "end", "pulses", "value", "kwh", "reading", "label");
        for (Value v : energy.values()) {
            csv.row(v.start(), v.end(), v.pulses(), v.value(), v.kwh(), v.reading(), v.label());
        }
        return csv.toString();
    }
}
