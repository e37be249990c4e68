package org.emon.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A configured meter, registered as an OSGi service. Look meters up by id through
 * {@link MeterRegistry}.
 */
@ProviderType
public interface Meter {

    /** The configuration key by which a pulse source names the meter it counts for. */
    String METER_ID = "meter.id";

    /** The meter's number, as the original emon-server's {@code meterid} (e.g. 21). */
    int id();

    String description();

    String location();

    MeterKind kind();

    /** Impulses per kWh (electricity) or per m3 (gas, water), e.g. 1000. */
    double impulsesPerUnit();

    /**
     * kWh per m3 for a gas meter (its calorific value times the volume correction, as on the gas
     * bill, e.g. 9.77), so gas energy can also be shown in kWh; 0 when not configured or not gas.
     */
    default double calorificValue() {
        return 0;
    }

    /** The meter's display at a known moment, if configured: the offset of its reading. */
    default Optional<MeterReading> reading() {
        return Optional.empty();
    }
}
