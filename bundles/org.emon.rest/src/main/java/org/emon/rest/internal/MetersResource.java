package org.emon.rest.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.emon.api.LivePower;
import org.emon.api.Meter;
import org.emon.api.MeterRegistry;
import org.emon.api.PowerReading;
import org.emon.api.rest.ApiException;
import org.emon.api.rest.BodyLimit;
import org.emon.api.rest.JsonFields;
import org.emon.api.rest.RestProperties;
import org.emon.api.store.MeterStatistics;
import org.emon.api.store.PulseQueries;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ReadOnlyConfigurationException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /api/v1/meters}: the meters with their power and stored pulses for any user; creating,
 * changing and removing them for admins. A meter is a factory configuration
 * {@code org.emon.meter}: this resource writes configurations and then waits (briefly) until the
 * meter registry shows the change, so that the client's next request sees it.
 */
@Component(service = MetersResource.class, property = RestProperties.RESOURCE + "=true")
@Path("v1/meters")
@Produces(MediaType.APPLICATION_JSON)
public final class MetersResource {

    private static final Logger LOG = LoggerFactory.getLogger(MetersResource.class);
    static final int MAX_BODY_BYTES = 8 * 1024;
    /** Time for a configuration change to become a meter (Declarative Services, usually ~10 ms). */
    static final long SETTLE_MILLIS = 5_000;

    /** One meter as the API shows it; optional fields are left out when not configured. */
    public record MeterView(int id, String description, String location, String kind, String unit, double impulsesPerUnit,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double calorificValue,
            @JsonInclude(JsonInclude.Include.NON_NULL) ReadingView reading,
            double power, String powerUnit, String lastPulse, long pulses) {
    }

    /** The meter's display at a moment: {@code value} in its unit, {@code at} ISO-8601. */
    public record ReadingView(double value, String at) {
    }

    /** A meter's live power: W (electricity) or m3/h (gas, water). */
    public record PowerView(int meter, double power, String unit, String lastPulse) {
    }

    private final MeterRegistry meters;
    private final LivePower power;
    private final PulseQueries store;
    private final MeterConfigurations configurations;
    private final Clock clock;
    private final long settleMillis;
    /** One change at a time: two creates of the same id must not both pass the duplicate check. */
    private final Object changes = new Object();

    @Activate
    public MetersResource(@Reference MeterRegistry meters, @Reference LivePower power, @Reference PulseQueries store,
            @Reference ConfigurationAdmin admin) {
        this(meters, power, store, new MeterConfigurations(admin, MeterConfigurations.karafEtc()), Clock.systemDefaultZone(),
                SETTLE_MILLIS);
    }

    MetersResource(MeterRegistry meters, LivePower power, PulseQueries store, MeterConfigurations configurations, Clock clock,
            long settleMillis) {
        this.meters = meters;
        this.power = power;
        this.store = store;
        this.configurations = configurations;
        this.clock = clock;
        this.settleMillis = settleMillis;
    }

    @GET
    public List<MeterView> list() {
        return meters.meters().stream().map(this::view).toList();
    }

    @GET
    @Path("{id}")
    public MeterView one(@PathParam("id") String id) {
        return view(meter(id));
    }

    @GET
    @Path("{id}/power")
    public PowerView power(@PathParam("id") String id) {
        Meter meter = meter(id);
        PowerReading reading = power.reading(meter.id());
        return new PowerView(meter.id(), reading.value(), reading.unit(), Iso.millis(reading.lastPulseMillis(), zone()));
    }

    @POST
    @RolesAllowed(RestProperties.ROLE_ADMIN)
    @BodyLimit(MAX_BODY_BYTES)
    public Response create(@JsonFields({ "id", "description", "location", "kind", "impulsesPerUnit", "calorificValue", "reading" })
            ObjectNode fields, @Context SecurityContext security, @Context UriInfo uri) {
        MeterSettings settings = MeterSettings.create(fields, clock.instant());
        synchronized (changes) {
            if (!write(() -> configurations.find(settings.id())).isEmpty() || meters.meter(settings.id()).isPresent()) {
                throw ApiException.conflict("meter " + settings.id() + " exists already: change it with PUT or choose another id");
            }
            write(() -> {
                configurations.create(settings);
                return null;
            });
            LOG.info("Meter {} created through the REST API by {}", settings.id(), user(security));
            boolean active = await(() -> meters.meter(settings.id()).isPresent());
            if (!active) {
                return notYet("meter " + settings.id() + " is configured but not active yet");
            }
        }
        return Response.created(uri.getAbsolutePathBuilder().path(Integer.toString(settings.id())).build())
                .type(MediaType.APPLICATION_JSON_TYPE).entity(view(meters.meter(settings.id()).orElseThrow())).build();
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(RestProperties.ROLE_ADMIN)
    @BodyLimit(MAX_BODY_BYTES)
    public Response update(@PathParam("id") String id,
            @JsonFields({ "id", "description", "location", "kind", "impulsesPerUnit", "calorificValue", "reading" }) ObjectNode fields,
            @Context SecurityContext security) {
        int meterId = Requests.meterId(id);
        synchronized (changes) {
            Configuration configuration = configuration(meterId);
            MeterSettings current;
            try {
                current = MeterSettings.of(configuration.getProperties());
            } catch (IllegalArgumentException e) {
                throw ApiException.conflict("the configuration of meter " + meterId + " cannot be read (" + e.getMessage()
                        + "): fix its file in etc/");
            }
            MeterSettings changed = current.with(fields, clock.instant());
            if (!changed.equals(current)) {
                Meter before = meters.meter(meterId).orElse(null);
                write(() -> {
                    configurations.update(configuration, changed);
                    return null;
                });
                LOG.info("Meter {} changed through the REST API by {}", meterId, user(security));
                // the meter component is recreated with the new configuration
                boolean active = await(() -> meters.meter(meterId).filter(m -> m != before && shows(m, changed)).isPresent());
                if (!active) {
                    return notYet("meter " + meterId + " is reconfigured but not active yet");
                }
            }
        }
        return ok(view(meter(id)));
    }

    /**
     * Removes a meter's configuration (and its file). Its pulses stay in the store: a meter created
     * again with the same id shows them again.
     */
    @DELETE
    @Path("{id}")
    @RolesAllowed(RestProperties.ROLE_ADMIN)
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        int meterId = Requests.meterId(id);
        synchronized (changes) {
            List<Configuration> found = write(() -> configurations.find(meterId));
            if (found.isEmpty()) {
                throw notConfigured(meterId, id);
            }
            for (Configuration configuration : found) {
                write(() -> {
                    configurations.delete(configuration);
                    return null;
                });
            }
            LOG.info("Meter {} removed through the REST API by {}; its pulses stay stored", meterId, user(security));
            if (!await(() -> meters.meter(meterId).isEmpty())) {
                return notYet("the configuration of meter " + meterId + " is removed but the meter is still active");
            }
        }
        return Response.noContent().build();
    }

    /** A change of ConfigurationAdmin's, whose failures are the server's (500) or a read-only file's (409). */
    private interface ConfigurationChange<T> {
        T run() throws IOException;
    }

    private static <T> T write(ConfigurationChange<T> change) {
        try {
            return change.run();
        } catch (ReadOnlyConfigurationException e) {
            throw ApiException.conflict("the meter's configuration is read-only (its file in etc/ is not writable)");
        } catch (IOException e) {
            LOG.error("Could not write a meter configuration", e);
            throw new ApiException(500, "could not write the meter configuration: " + e.getMessage());
        }
    }

    /** The one configuration of a meter that can be changed here. */
    private Configuration configuration(int meterId) {
        List<Configuration> found = write(() -> configurations.find(meterId));
        if (found.isEmpty()) {
            throw notConfigured(meterId, Integer.toString(meterId));
        }
        if (found.size() > 1) {
            throw ApiException.conflict("meter " + meterId + " is configured " + found.size()
                    + " times (see config:list \"(service.factoryPid=org.emon.meter)\"): remove the extra configurations first");
        }
        return found.get(0);
    }

    /** 404 for an unknown meter; 409 for one that exists but is defined outside org.emon.meter. */
    private ApiException notConfigured(int meterId, String id) {
        if (meters.meter(meterId).isPresent()) {
            return ApiException.conflict( "meter " + meterId + " is not defined by an org.emon.meter configuration, so it cannot be"
                    + " changed or removed here");
        }
        return ApiException.noMeter(id);
    }

    private Meter meter(String id) {
        return meters.meter(Requests.meterId(id)).orElseThrow(() -> ApiException.noMeter(id));
    }

    /** Whether a meter shows the settings this resource checks (the others are the core's to apply). */
    private static boolean shows(Meter meter, MeterSettings settings) {
        return meter.description().equals(settings.description()) && meter.location().equals(settings.location())
                && meter.kind() == settings.kind() && meter.impulsesPerUnit() == settings.impulsesPerUnit();
    }

    private boolean await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settleMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    MeterView view(Meter meter) {
        ZoneId zone = zone();
        PowerReading reading = power.reading(meter.id());
        MeterStatistics stored = store.statistics(meter.id());
        long last = Math.max(reading.lastPulseMillis(), stored.lastPulseMillis());
        Double calorific = meter.calorificValue() > 0 ? meter.calorificValue() : null;
        ReadingView display = meter.reading().map(r -> new ReadingView(r.value(), Iso.format(r.at(), zone))).orElse(null);
        return new MeterView(meter.id(), meter.description(), meter.location(), meter.kind().toString(), meter.kind().energyUnit(),
                meter.impulsesPerUnit(), calorific, display, reading.value(), meter.kind().powerUnit(), Iso.millis(last, zone),
                stored.pulses());
    }

    private ZoneId zone() {
        return clock.getZone();
    }

    private static String user(SecurityContext security) {
        return Optional.ofNullable(security.getUserPrincipal()).map(p -> p.getName()).orElse("?");
    }

    private static Response ok(Object entity) {
        return Response.ok(entity).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** 202: written, but the meter registry did not show the change within {@link #SETTLE_MILLIS}. */
    private Response notYet(String message) {
        LOG.warn("{} after {} ms: see emon:status and the log", message, settleMillis);
        return Response.accepted(JsonExceptionMapper.body(202, message + "; see emon:status and the log"))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
