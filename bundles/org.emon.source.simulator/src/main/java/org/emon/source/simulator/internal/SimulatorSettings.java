package org.emon.source.simulator.internal;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import org.emon.api.MeterKind;

/**
 * A simulator's configuration, checked: every bad value is refused at activation with a message
 * naming its key.
 *
 * @param seed never 0: a configured 0 is replaced by a random seed
 */
record SimulatorSettings(int meterId, Profile profile, double powerWatts, double flowM3PerHour, double yearlyKwh,
        double yearlyM3, boolean seasonal, ZoneId zone, double jitter, long seed) {

    /** The {@code profile} values. */
    enum Profile {
        CONSTANT, HOUSEHOLD, GAS;

        static Profile parse(String value) {
            for (Profile p : values()) {
                if (value != null && p.name().equalsIgnoreCase(value.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("profile '" + value + "' is unknown: expected constant, household or gas");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    SimulatorSettings {
        if (!(jitter >= 0 && jitter <= 0.5)) {
            throw new IllegalArgumentException("jitter must be between 0 and 0.5, not " + jitter);
        }
        if (seed == 0) {
            seed = ThreadLocalRandom.current().nextLong() | 1;
        }
        // each profile's own values checked now, so a bad configuration fails at once with its reason
        for (MeterKind kind : profile == Profile.CONSTANT ? new MeterKind[] { MeterKind.ELECTRICITY, MeterKind.GAS }
                : new MeterKind[] { profile == Profile.HOUSEHOLD ? MeterKind.ELECTRICITY : MeterKind.GAS }) {
            profile(kind, profile, powerWatts, flowM3PerHour, yearlyKwh, yearlyM3, seasonal, zone, seed);
        }
    }

    static SimulatorSettings of(SimulatorConfig config) {
        return new SimulatorSettings(config.meter_id(), Profile.parse(config.profile()), config.power_watts(),
                config.flow_m3_per_hour(), config.yearly_kwh(), config.yearly_m3(), config.seasonal(), zone(config.zone()),
                config.jitter(), config.seed());
    }

    static ZoneId zone(String value) {
        if (value == null || value.isBlank()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(value.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone '" + value + "' is not a time zone: use an IANA name such as Europe/Amsterdam");
        }
    }

    /**
     * The load profile for a meter of {@code kind}.
     *
     * @throws IllegalArgumentException if the profile does not fit the meter (household needs an
     *                                  electricity meter, gas a gas meter)
     */
    LoadProfile profileFor(MeterKind kind) {
        return profile(kind, profile, powerWatts, flowM3PerHour, yearlyKwh, yearlyM3, seasonal, zone, seed);
    }

    private static LoadProfile profile(MeterKind kind, Profile profile, double powerWatts, double flowM3PerHour, double yearlyKwh,
            double yearlyM3, boolean seasonal, ZoneId zone, long seed) {
        return switch (profile) {
            case CONSTANT -> kind == MeterKind.ELECTRICITY ? LoadProfile.constant(powerWatts, "power.watts")
                    : LoadProfile.constant(flowM3PerHour, "flow.m3.per.hour");
            case HOUSEHOLD -> {
                if (kind != MeterKind.ELECTRICITY) {
                    throw new IllegalArgumentException("profile household simulates an electricity meter; this meter's kind is " + kind);
                }
                yield new HouseholdProfile(yearlyKwh, seed, zone, seasonal);
            }
            case GAS -> {
                if (kind != MeterKind.GAS) {
                    throw new IllegalArgumentException("profile gas simulates a gas meter; this meter's kind is " + kind);
                }
                yield new GasProfile(yearlyM3, seed, zone, seasonal);
            }
        };
    }
}
