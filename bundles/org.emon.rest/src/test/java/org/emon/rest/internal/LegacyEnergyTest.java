package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.emon.api.aggregation.EnergyBucket;
import org.emon.api.aggregation.EnergySeries;
import org.emon.rest.internal.LegacyEnergy.Answer;
import org.emon.rest.internal.LegacyEnergy.Day;
import org.emon.rest.internal.LegacyEnergy.Request;
import org.emon.rest.internal.LegacyEnergy.Value;
import org.emon.api.rest.ApiException;
import org.junit.jupiter.api.Test;

class LegacyEnergyTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    private static Request parse(String body) {
        return LegacyEnergy.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void refused(String body, int status, String message) {
        assertThatThrownBy(() -> parse(body)).as(body).isInstanceOf(ApiException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(status));
    }

    @Test
    void numbersOrNumericStrings() {
        assertThat(parse("{\"mid\":21,\"nrDaysBack\":0}")).isEqualTo(new Request(21, 0));
        assertThat(parse("{\"nrDaysBack\":\" 3 \",\"mid\":\"21\",\"extra\":[1,{}]}")).isEqualTo(new Request(21, 3));
        assertThat(parse("{\"mid\":21}")).isEqualTo(new Request(21, 0));
        assertThat(parse("{\"mid\":21,\"nrDaysBack\":3660}")).isEqualTo(new Request(21, 3660));
    }

    @Test
    void anythingElseIs400Or413() {
        refused(" ", 400, "empty request body");
        refused("[]", 400, "must be a JSON object");
        refused("{\"mid\":21", 400, "malformed JSON");
        refused("{\"mid\":21} x", 400, "malformed JSON");
        refused("{\"nrDaysBack\":1}", 400, "missing field \"mid\"");
        refused("{\"mid\":\"21; DROP TABLE meter\"}", 400, "\"mid\" is not an integer");
        refused("{\"mid\":21.5}", 400, "\"mid\" is not an integer: 21.5");
        refused("{\"mid\":null}", 400, "\"mid\" is not an integer: null");
        refused("{\"mid\":[21]}", 400, "\"mid\" is not an integer: an array");
        refused("{\"mid\":99999999999}", 400, "\"mid\" is not an integer");
        refused("{\"mid\":21,\"mid\":22}", 400, "appears twice");
        refused("{\"mid\":21,\"nrDaysBack\":-1}", 400, "between 0 and 3660");
        refused("{\"mid\":21,\"nrDaysBack\":\"3661\"}", 400, "between 0 and 3660");
    }

    @Test
    void theDayIsLocalAndTodayEndsNow() {
        Instant now = Instant.parse("2025-03-31T10:00:00Z");
        Clock clock = Clock.fixed(now, AMSTERDAM);
        assertThat(LegacyEnergy.day(0, clock)).isEqualTo(new Day(Instant.parse("2025-03-30T22:00:00Z"), now));
        // the spring DST day: 23 hours, local midnight to local midnight
        Day dst = LegacyEnergy.day(1, clock);
        assertThat(dst).isEqualTo(new Day(Instant.parse("2025-03-29T23:00:00Z"), Instant.parse("2025-03-30T22:00:00Z")));
        // at local midnight exactly, today is a range of one millisecond, not an empty one
        Instant midnight = Instant.parse("2025-03-30T22:00:00Z");
        assertThat(LegacyEnergy.day(0, Clock.fixed(midnight, AMSTERDAM))).isEqualTo(new Day(midnight, midnight.plusMillis(1)));
    }

    @Test
    void energyIsWhAndPowerIsTheAverageWattsOfEachBucket() {
        Instant t = Instant.parse("2025-03-01T10:00:00Z");
        EnergySeries hours = new EnergySeries(21, "kWh", "hour", AMSTERDAM, List.of(
                new EnergyBucket(t, t.plus(Duration.ofHours(1)), 3, 0.003),
                new EnergyBucket(t.plus(Duration.ofHours(1)), t.plus(Duration.ofHours(2)), 1234, 1.234)));
        assertThat(LegacyEnergy.energy(hours, 2)).isEqualTo(new Answer(21, "Wh", 2, List.of(
                new Value(t.getEpochSecond(), 3), new Value(t.getEpochSecond() + 3600, 1234))));

        // 50 pulses at 1000 imp/kWh in a minute: 50 Wh in 1/60 h = 3000 W
        EnergySeries minutes = new EnergySeries(21, "kWh", "minute", AMSTERDAM, List.of(
                new EnergyBucket(t, t.plusSeconds(60), 50, 0.05), new EnergyBucket(t.plusSeconds(60), t.plusSeconds(120), 0, 0)));
        assertThat(LegacyEnergy.power(minutes, 0)).isEqualTo(new Answer(21, "W", 0, List.of(
                new Value(t.getEpochSecond(), 3000), new Value(t.getEpochSecond() + 60, 0))));

        // gas keeps its own unit: m3 and m3/h
        EnergySeries gas = new EnergySeries(22, "m3", "minute", AMSTERDAM, List.of(new EnergyBucket(t, t.plusSeconds(60), 1, 0.01)));
        assertThat(LegacyEnergy.energy(gas, 0).unit()).isEqualTo("m3");
        assertThat(LegacyEnergy.power(gas, 0)).isEqualTo(new Answer(22, "m3/h", 0, List.of(new Value(t.getEpochSecond(), 0.6))));
    }
}
