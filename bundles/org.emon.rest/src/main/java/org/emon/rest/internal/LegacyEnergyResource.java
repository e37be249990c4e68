package org.emon.rest.internal;

import java.io.InputStream;
import java.time.Clock;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;

import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.emon.api.aggregation.EnergySeries;
import org.emon.api.aggregation.EnergyService;
import org.emon.api.rest.RestProperties;
import org.emon.rest.internal.LegacyEnergy.Answer;
import org.emon.rest.internal.LegacyEnergy.Day;
import org.emon.rest.internal.LegacyEnergy.Request;
import org.emon.rest.internal.PulseBatchParser.BatchException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The original's {@code PUT e-energy} (hourly Wh) and {@code PUT e-power} (average W per minute)
 * of one local day, with body {@code {"mid":21,"nrDaysBack":0}}; answered from the energy service,
 * so days are cut at local midnight, not UTC's as the original did.
 */
@Component(service = LegacyEnergyResource.class, property = RestProperties.RESOURCE + "=true")
// one template, not @Path("") with sub-paths: the API root resource already holds ""
@Path("{query: e-energy|e-power}")
public final class LegacyEnergyResource {

    private final EnergyService energy;
    private final Clock clock;

    @Activate
    public LegacyEnergyResource(@Reference EnergyService energy) {
        this(energy, Clock.systemDefaultZone());
    }

    LegacyEnergyResource(EnergyService energy, Clock clock) {
        this.energy = energy;
        this.clock = clock;
    }

    @PUT
    @Produces(MediaType.APPLICATION_JSON)
    public Response query(@PathParam("query") String query, InputStream body) {
        return "e-power".equals(query) ? answer(body, "minute", LegacyEnergy::power) : answer(body, "hour", LegacyEnergy::energy);
    }

    private Response answer(InputStream body, String resolution, BiFunction<EnergySeries, Integer, Answer> shape) {
        try {
            Request request = LegacyEnergy.parse(PulseBatchParser.read(body, LegacyEnergy.MAX_BODY_BYTES));
            Day day = LegacyEnergy.day(request.nrDaysBack(), clock);
            EnergySeries series = energy.energy(request.mid(), day.from(), day.to(), resolution, clock.getZone());
            return Response.ok(shape.apply(series, request.nrDaysBack())).type(MediaType.APPLICATION_JSON_TYPE).build();
        } catch (BatchException e) {
            return JsonExceptionMapper.error(e.status, e.getMessage());
        } catch (NoSuchElementException e) {
            return JsonExceptionMapper.error(404, e.getMessage());
        } catch (IllegalArgumentException e) {
            return JsonExceptionMapper.error(400, e.getMessage());
        }
    }
}
