package org.emon.rest.internal;

import java.time.Clock;

import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.emon.api.aggregation.EnergySeries;
import org.emon.api.aggregation.EnergyService;
import org.emon.api.rest.BodyLimit;
import org.emon.api.rest.RestProperties;
import org.emon.rest.internal.LegacyEnergy.Answer;
import org.emon.rest.internal.LegacyEnergy.Day;
import org.emon.rest.internal.LegacyEnergy.Request;
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
    @BodyLimit(LegacyEnergy.MAX_BODY_BYTES)
    public Answer query(@PathParam("query") String query, byte[] body) {
        // any Content-Type, as the original took it: its clients are not changed
        Request request = LegacyEnergy.parse(body);
        Day day = LegacyEnergy.day(request.nrDaysBack(), clock);
        boolean power = "e-power".equals(query);
        EnergySeries series = EnergyResource.series(energy, request.mid(), day.from(), day.to(), power ? "minute" : "hour",
                clock.getZone(), Integer.toString(request.mid()));
        return power ? LegacyEnergy.power(series, request.nrDaysBack()) : LegacyEnergy.energy(series, request.nrDaysBack());
    }
}
