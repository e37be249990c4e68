package org.emon.rest.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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
import org.emon.api.rest.RestProperties;
import org.emon.rest.internal.EnergyParameters.BadParameter;
import org.emon.rest.internal.EnergyParameters.Query;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/v1/meters/{id}/energy?from=&to=&resolution=&tz=}: a meter's energy per bucket,
 * bucket times as ISO-8601 with the offset of {@code tz} at that time.
 */
@Component(service = EnergyResource.class, property = RestProperties.RESOURCE + "=true")
@Path("v1/meters/{id}/energy")
public final class EnergyResource {

    /** The answer; field names are the API. */
    public record Energy(int meter, String unit, String resolution, String tz, List<Value> values) {
    }

    public record Value(String start, String end, long pulses, double value) {
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
    public Response energy(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("resolution") String resolution, @QueryParam("tz") String tz) {
        int meterId;
        try {
            meterId = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            return error(404, "no meter " + id + " is configured"); // "abc" is as unknown as 99
        }
        try {
            Query query = EnergyParameters.parse(from, to, resolution, tz, clock);
            EnergySeries series = energy.energy(meterId, query.from(), query.to(), query.resolution(), query.zone());
            return Response.ok(answer(series)).type(MediaType.APPLICATION_JSON_TYPE).build();
        } catch (BadParameter | IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (NoSuchElementException e) {
            return error(404, e.getMessage());
        }
    }

    static Energy answer(EnergySeries series) {
        ZoneId zone = series.zone();
        List<Value> values = series.values().stream()
                .map(b -> new Value(time(b.start(), zone), time(b.end(), zone), b.pulses(), b.value())).toList();
        return new Energy(series.meterId(), series.unit(), series.resolution(), zone.getId(), values);
    }

    private static String time(Instant instant, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zone));
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JsonExceptionMapper.body(status, message)).build();
    }
}
