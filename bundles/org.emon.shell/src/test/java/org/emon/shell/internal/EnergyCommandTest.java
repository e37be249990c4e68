package org.emon.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import org.emon.api.aggregation.EnergyBucket;
import org.emon.api.aggregation.EnergySeries;
import org.emon.api.aggregation.EnergyService;
import org.junit.jupiter.api.Test;

class EnergyCommandTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final Instant NOW = Instant.parse("2025-03-30T14:20:00Z"); // 16:20 CEST, on the spring DST day

    /** What the fake service was asked. */
    record Query(int meter, Instant from, Instant to, String resolution, ZoneId zone) {
    }

    private final List<Query> queries = new ArrayList<>();
    private List<EnergyBucket> answer = List.of(new EnergyBucket(Instant.parse("2025-03-29T23:00:00Z"), Instant.parse("2025-03-30T22:00:00Z"), 1234, 1.234));
    private final EnergyService service = (meter, from, to, resolution, zone) -> {
        queries.add(new Query(meter, from, to, resolution, zone));
        if (meter != 21) {
            throw new NoSuchElementException("no meter " + meter + " is configured");
        }
        if (!List.of("hour", "day", "tariff", "600").contains(resolution)) {
            throw new IllegalArgumentException("unknown resolution '" + resolution + "': expected one of [day, hour, tariff]");
        }
        return new EnergySeries(meter, "kWh", resolution, zone, answer);
    };

    private String run(String meter, String from, String to, String resolution, String tz) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EnergyCommand.run(service, meter, from, to, resolution, tz, NOW, AMSTERDAM, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void defaultsToTodaySoFarByHourInTheSystemZone() {
        run("21", null, null, null, null);
        assertThat(queries).containsExactly(new Query(21, Instant.parse("2025-03-29T23:00:00Z"), NOW, "hour", AMSTERDAM));
    }

    @Test
    void withOnlyToTheRangeIsThatDay() {
        run("21", null, "2025-03-30", "day", "UTC");
        // --to is the midnight that ends the 29th: the day before it
        assertThat(queries.get(0).from()).isEqualTo(Instant.parse("2025-03-29T00:00:00Z"));
        assertThat(queries.get(0).zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void fromAndToAcceptDatesDateTimesWithOffsetLocalDateTimesAndEpochMillis() {
        assertThat(EnergyCommand.instant("--from", "2025-03-30", AMSTERDAM)).isEqualTo(Instant.parse("2025-03-29T23:00:00Z"));
        assertThat(EnergyCommand.instant("--from", "2025-03-30T06:00+02:00", AMSTERDAM)).isEqualTo(Instant.parse("2025-03-30T04:00:00Z"));
        assertThat(EnergyCommand.instant("--from", "2025-03-30T06:00:00Z", AMSTERDAM)).isEqualTo(Instant.parse("2025-03-30T06:00:00Z"));
        assertThat(EnergyCommand.instant("--from", "2025-03-30T06:00+02:00[Europe/Amsterdam]", AMSTERDAM))
                .isEqualTo(Instant.parse("2025-03-30T04:00:00Z"));
        assertThat(EnergyCommand.instant("--from", "2025-01-10T06:00", AMSTERDAM)).isEqualTo(Instant.parse("2025-01-10T05:00:00Z"));
        assertThat(EnergyCommand.instant("--to", "1743300000000", AMSTERDAM)).isEqualTo(Instant.ofEpochMilli(1_743_300_000_000L));
    }

    @Test
    void badInputIsRefusedNamingTheArgument() {
        assertThatThrownBy(() -> run("21", "yesterday", null, null, null)).isInstanceOf(CommandFailure.class)
                .hasMessageStartingWith("--from: cannot read 'yesterday': expected a date (2026-11-01)");
        assertThatThrownBy(() -> run("21", null, "2025-02-30", null, null)).hasMessageStartingWith("--to: cannot read '2025-02-30'");
        assertThatThrownBy(() -> run("21", null, null, null, "Europe/Amsterdamm")).hasMessageStartingWith("--tz: unknown time zone 'Europe/Amsterdamm'");
        assertThatThrownBy(() -> run("main", null, null, null, null)).hasMessageStartingWith("meter: 'main' is not a meter id");
        assertThatThrownBy(() -> run("21", "2025-03-31", "2025-03-30", null, null))
                .hasMessage("--from (2025-03-31 00:00 +02:00) must be before --to (2025-03-30 00:00 +01:00)");
        assertThat(queries).isEmpty();
    }

    @Test
    void anUnknownMeterOrResolutionIsTheServicesReason() {
        assertThatThrownBy(() -> run("99", null, null, null, null)).isInstanceOf(CommandFailure.class)
                .hasMessage("no meter 99 is configured (emon:status lists the configured meters)");
        assertThatThrownBy(() -> run("21", null, null, "fortnight", null)).isInstanceOf(CommandFailure.class)
                .hasMessageStartingWith("unknown resolution 'fortnight'");
    }

    @Test
    void printsLocalTimesWithTheirOffsetAndATotal() {
        answer = List.of(
                new EnergyBucket(Instant.parse("2025-03-29T23:00:00Z"), Instant.parse("2025-03-30T22:00:00Z"), 1234, 1.234),
                new EnergyBucket(Instant.parse("2025-03-30T22:00:00Z"), Instant.parse("2025-03-31T22:00:00Z"), 10, 0.01));
        String out = run("21", "2025-03-30", "2025-04-01", "day", null);

        assertThat(out).containsPattern("Start +\\| End +\\| Pulses \\| +Energy");
        assertThat(out).doesNotContain("Label").doesNotContain("Reading").doesNotContain("kWh |");
        // the DST day: 23 hours from +01:00 to +02:00
        assertThat(out).containsPattern("2025-03-30 00:00 \\+01:00 \\| 2025-03-31 00:00 \\+02:00 \\| +1234 \\| 1\\.234 kWh");
        assertThat(out).containsPattern("2025-03-31 00:00 \\+02:00 \\| 2025-04-01 00:00 \\+02:00 \\| +10 \\| 0\\.010 kWh");
        assertThat(out).contains("Total: 1244 pulses, 1.244 kWh from 2025-03-30 00:00 +01:00 to 2025-04-01 00:00 +02:00 (day, Europe/Amsterdam)");
    }

    @Test
    void showsKwhReadingAndLabelColumnsWhenTheBucketsHaveThem() {
        answer = List.of(
                new EnergyBucket(Instant.parse("2025-04-04T05:00:00Z"), Instant.parse("2025-04-04T21:00:00Z"), 150, 1.5, null, 10_001.5, "peak"),
                new EnergyBucket(Instant.parse("2025-04-04T21:00:00Z"), Instant.parse("2025-04-04T22:00:00Z"), 25, 0.25, null, 10_001.75, "off-peak"),
                new EnergyBucket(Instant.parse("2025-04-04T22:00:00Z"), Instant.parse("2025-04-05T05:00:00Z"), 1, 0.01, null, 10_001.76, "off-peak"));
        String out = run("21", "2025-04-04T07:00", "2025-04-04T23:30", "tariff", null);

        assertThat(out).containsPattern("Pulses \\| +Energy \\| +Reading \\| Label");
        assertThat(out).containsPattern("2025-04-04 07:00 \\+02:00 \\| 2025-04-04 23:00 \\+02:00 \\| +150 \\| 1\\.500 kWh \\| 10001\\.500 kWh \\| peak");
        assertThat(out).contains("Total: 176 pulses, 1.760 kWh; peak 1.500 kWh, off-peak 0.260 kWh");
    }

    @Test
    void gasShowsItsKwhBesideTheCubicMetres() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EnergyCommand.print(new EnergySeries(3, "m3", "600", ZoneId.of("UTC"), List.of(
                new EnergyBucket(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:10:00Z"), 12, 0.12, 1.1724, null, null),
                new EnergyBucket(Instant.parse("2025-01-01T00:10:00Z"), Instant.parse("2025-01-01T00:20:00Z"), 1, 0.01, 0.0977, null, null))),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).containsPattern("\\| +12 \\| 0\\.120 m3 \\| 1\\.1724 kWh");
        assertThat(out).contains("Total: 13 pulses, 0.130 m3 (1.2701 kWh)");
    }

    @Test
    void finerMetersKeepTheirDecimals() {
        assertThat(EnergyCommand.amount(0.0001, "kWh")).isEqualTo("0.0001 kWh");
        assertThat(EnergyCommand.amount(12.5, "m3")).isEqualTo("12.500 m3");
    }
}
