package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.emon.api.rest.ApiException;
import org.emon.rest.internal.EnergyParameters.Query;
import org.junit.jupiter.api.Test;

class EnergyParametersTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final Instant NOW = Instant.parse("2025-07-01T10:15:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, AMSTERDAM);

    @Test
    void defaultsAreTodayInTheSystemZoneUntilNowByHour() {
        Query query = EnergyParameters.parse(null, "", null, null, CLOCK);
        assertThat(query).isEqualTo(new Query(Instant.parse("2025-06-30T22:00:00Z"), NOW, "hour", AMSTERDAM));

        // today starts at midnight of the zone asked for
        Query utc = EnergyParameters.parse(null, null, "day", "UTC", CLOCK);
        assertThat(utc.from()).isEqualTo(Instant.parse("2025-07-01T00:00:00Z"));
        assertThat(utc.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(utc.resolution()).isEqualTo("day");
    }

    @Test
    void timesAreIso8601WithAnOffsetOrEpochMillis() {
        Query query = EnergyParameters.parse("2025-01-01T00:00:00+01:00", "1735693200000", "600", "Asia/Kathmandu", CLOCK);
        assertThat(query.from()).isEqualTo(Instant.parse("2024-12-31T23:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2025-01-01T01:00:00Z"));
        assertThat(query.zone()).isEqualTo(ZoneId.of("Asia/Kathmandu"));
        assertThat(EnergyParameters.instant("from", "2025-01-01T00:00Z", AMSTERDAM)).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        // an unencoded '+' arrives as a space
        assertThat(EnergyParameters.instant("from", "2025-01-01T00:00:00 01:00", AMSTERDAM)).isEqualTo(Instant.parse("2024-12-31T23:00:00Z"));
        assertThat(EnergyParameters.zone(" 02:00", AMSTERDAM)).isEqualTo(ZoneOffset.ofHours(2));
    }

    @Test
    void aDateOrALocalDateTimeIsReadInTheZoneAskedFor() {
        Query day = EnergyParameters.parse("2025-03-30", "2025-03-31", "hour", "Europe/Amsterdam", CLOCK);
        assertThat(day.from()).isEqualTo(Instant.parse("2025-03-29T23:00:00Z"));
        assertThat(day.to()).isEqualTo(Instant.parse("2025-03-30T22:00:00Z"));
        assertThat(EnergyParameters.parse("2025-01-01T06:00", null, null, "UTC", CLOCK).from()).isEqualTo(Instant.parse("2025-01-01T06:00:00Z"));
    }

    @Test
    void badValuesAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> EnergyParameters.parse("yesterday", null, null, null, CLOCK))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("from:");
        assertThatThrownBy(() -> EnergyParameters.parse(null, "2025-01-01T25:00:00", null, null, CLOCK)) // no such hour
                .isInstanceOf(ApiException.class).hasMessageStartingWith("to:");
        assertThatThrownBy(() -> EnergyParameters.parse(null, "-5", null, null, CLOCK))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("to:");
        assertThatThrownBy(() -> EnergyParameters.parse("+999999999-01-01T00:00:00Z", null, null, null, CLOCK))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("from:");
        assertThatThrownBy(() -> EnergyParameters.parse("99999999999999999", null, null, null, CLOCK))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("from:");
        assertThatThrownBy(() -> EnergyParameters.parse(null, null, null, "Mars/Olympus", CLOCK))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("tz:");
        assertThatThrownBy(() -> EnergyParameters.parse("2025-07-02T00:00:00Z", null, null, null, CLOCK))
                .isInstanceOf(ApiException.class).hasMessageContaining("from").hasMessageContaining("before to");
    }
}
