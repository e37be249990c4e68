package org.emon.rest.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.emon.api.LivePower;
import org.emon.api.Meter;
import org.emon.api.MeterRegistry;
import org.emon.api.PowerReading;
import org.emon.api.rest.RestProperties;
import org.emon.api.store.MeterStatistics;
import org.emon.api.store.PulseQueries;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/ipu} and {@code /apiv2/ipu}: each meter's instantaneous power, exactly in the
 * original's shape, which pimatic-emon and the Domoticz bridge read.
 */
@Component(service = IpuResource.class, property = RestProperties.RESOURCE + "=true")
@Path("ipu")
public final class IpuResource {

    /** The original's SQLite {@code datetime('now')} format, UTC. */
    private static final DateTimeFormatter SQLITE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** One meter as the original served it; meterid and ipu stay numbers. */
    public record Ipu(int meterid, String created, String updated, String description, String location, long ipu) {
    }

    private final MeterRegistry meters;
    private final LivePower power;
    private final PulseQueries store;

    @Activate
    public IpuResource(@Reference MeterRegistry meters, @Reference LivePower power, @Reference PulseQueries store) {
        this.meters = meters;
        this.power = power;
        this.store = store;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Ipu> ipu() {
        return meters.meters().stream().map(this::ipu).toList();
    }

    private Ipu ipu(Meter meter) {
        PowerReading reading = power.reading(meter.id());
        MeterStatistics stored = store.statistics(meter.id());
        long updated = Math.max(reading.lastPulseMillis(), stored.lastPulseMillis());
        return new Ipu(meter.id(), time(stored.createdMillis()), time(updated), meter.description(), meter.location(),
                Math.round(reading.value()));
    }

    private static String time(long millis) {
        return millis <= 0 ? null : SQLITE_TIME.format(Instant.ofEpochMilli(millis));
    }
}
