package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import javax.ws.rs.core.Response;

import org.emon.api.aggregation.EnergyBucket;
import org.emon.api.aggregation.EnergySeries;
import org.emon.api.aggregation.EnergyService;
import org.emon.rest.internal.LegacyEnergy.Answer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.emon.api.rest.ApiException;
import org.junit.jupiter.api.Test;

/** Both resources over a fake energy service: status codes and what they ask the service. */
class EnergyResourcesTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final Instant NOW = Instant.parse("2025-01-02T10:30:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, AMSTERDAM);

    record Call(int meter, Instant from, Instant to, String resolution, ZoneId zone) {
    }

    private final List<Call> calls = new ArrayList<>();

    /** Meter 21 only, 1000 imp/kWh, one bucket per call holding 1234 pulses; "fortnight" unknown. */
    private final EnergyService service = (meter, from, to, resolution, zone) -> {
        calls.add(new Call(meter, from, to, resolution, zone));
        if (meter != 21) {
            throw new NoSuchElementException("no meter " + meter + " is configured");
        }
        if (resolution.equals("fortnight")) {
            throw new IllegalArgumentException("unknown resolution 'fortnight'");
        }
        return new EnergySeries(meter, "kWh", resolution, zone, List.of(new EnergyBucket(from, to, 1234, 1.234)));
    };

    @Test
    void energyAnswersBucketTimesWithTheOffsetOfTheZone() {
        byte[] response = new EnergyResource(service, CLOCK).energy("21", "2025-01-01T00:00:00+01:00", "2025-01-02T00:00:00+01:00", "day",
                "Europe/Amsterdam");

        assertThat(new String(response, StandardCharsets.UTF_8)).isEqualTo("{\"meter\":21,\"unit\":\"kWh\",\"resolution\":\"day\","
                + "\"tz\":\"Europe/Amsterdam\",\"values\":[{\"start\":\"2025-01-01T00:00:00+01:00\",\"end\":\"2025-01-02T00:00:00+01:00\","
                + "\"pulses\":1234,\"value\":1.234}]}");
        assertThat(calls).containsExactly(new Call(21, Instant.parse("2024-12-31T23:00:00Z"), Instant.parse("2025-01-01T23:00:00Z"), "day", AMSTERDAM));
    }

    @Test
    void energyDefaultsToTodayByHourInTheSystemZone() {
        assertThat(new String(new EnergyResource(service, CLOCK).energy("21", null, null, null, null), StandardCharsets.UTF_8))
                .startsWith("{\"meter\":21,");
        assertThat(calls).containsExactly(new Call(21, Instant.parse("2025-01-01T23:00:00Z"), NOW, "hour", AMSTERDAM));
    }

    @Test
    void energyErrorsAre400Or404Json() {
        EnergyResource resource = new EnergyResource(service, CLOCK);
        assertError(() -> resource.energy("21", "soon", null, null, null), 400, "from:");
        assertError(() -> resource.energy("21", null, null, null, "Nowhere/Town"), 400, "tz:");
        assertError(() -> resource.energy("21", null, null, "fortnight", null), 400, "resolution");
        assertError(() -> resource.energy("99", null, null, null, null), 404, "99");
        assertError(() -> resource.energy("x", null, null, null, null), 404, "x");
    }

    @Test
    void legacyEnergyIsHourlyWhOfTheLocalDayAndPowerUsesMinutes() {
        LegacyEnergyResource resource = new LegacyEnergyResource(service, CLOCK);

        Answer answer = resource.query("e-energy", body("{\"mid\":21,\"nrDaysBack\":\"1\"}"));
        assertThat(answer.unit()).isEqualTo("Wh");
        assertThat(answer.nrDayBacks()).isEqualTo(1);
        assertThat(answer.values()).containsExactly(new LegacyEnergy.Value(Instant.parse("2024-12-31T23:00:00Z").getEpochSecond(), 1234));

        Answer power = resource.query("e-power", body("{\"mid\":21,\"nrDaysBack\":1}"));
        assertThat(power.unit()).isEqualTo("W");
        assertThat(calls).containsExactly(
                new Call(21, Instant.parse("2024-12-31T23:00:00Z"), Instant.parse("2025-01-01T23:00:00Z"), "hour", AMSTERDAM),
                new Call(21, Instant.parse("2024-12-31T23:00:00Z"), Instant.parse("2025-01-01T23:00:00Z"), "minute", AMSTERDAM));
    }

    @Test
    void legacyErrorsAre400Or404Json() {
        LegacyEnergyResource resource = new LegacyEnergyResource(service, CLOCK);
        assertError(() -> resource.query("e-energy", body("{\"mid\":\"21 OR 1=1\"}")), 400, "mid");
        assertError(() -> resource.query("e-power", body("{\"mid\":21,\"nrDaysBack\":99999}")), 400, "nrDaysBack");
        assertError(() -> resource.query("e-energy", body("{\"mid\":99}")), 404, "99");
    }

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertError(ThrowingCallable call, int status, String message) {
        assertThatThrownBy(call).isInstanceOf(ApiException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(status));
    }
}
