package org.emon.core.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.emon.api.MeterReading;
import org.emon.api.time.TimeParser;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A meter defined by one factory configuration {@code org.emon.meter-<name>}. */
@Component(configurationPid = "org.emon.meter", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MeterConfig.class, factory = true)
public final class ConfiguredMeter implements Meter {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredMeter.class);

    private final int id;
    private final String description;
    private final String location;
    private final MeterKind kind;
    private final double impulsesPerUnit;
    private final double calorificValue;
    private final Optional<MeterReading> reading;

    /** @throws IllegalArgumentException for a configuration that cannot describe a meter */
    @Activate
    public ConfiguredMeter(MeterConfig config) {
        this(config, ZoneId.systemDefault());
    }

    /** @param zone the zone a reading's local date-time is in */
    ConfiguredMeter(MeterConfig config, ZoneId zone) {
        if (config.id() <= 0) {
            throw new IllegalArgumentException("meter id must be a positive number, not " + config.id());
        }
        if (!(config.impulses_per_unit() > 0) || Double.isInfinite(config.impulses_per_unit())) {
            throw new IllegalArgumentException("impulses.per.unit of meter " + config.id() + " must be positive, not " + config.impulses_per_unit());
        }
        this.id = config.id();
        this.kind = MeterKind.parse(config.kind());
        this.impulsesPerUnit = config.impulses_per_unit();
        this.description = config.description();
        this.location = config.location();
        double calorific = config.calorific_value();
        if (!(calorific >= 0) || Double.isInfinite(calorific)) {
            throw new IllegalArgumentException("calorific.value of meter " + id + " must be a number of kWh per m3 >= 0, not " + calorific);
        }
        if (calorific > 0 && kind != MeterKind.GAS) {
            LOG.warn("calorific.value of meter {} is ignored: only a gas meter has one, and this one is {}", id, kind);
            calorific = 0;
        }
        this.calorificValue = calorific;
        this.reading = reading(id, config.reading_value(), config.reading_at(), zone);
    }

    /** Both keys or neither; each failure names the key and what it expects. */
    static Optional<MeterReading> reading(int id, String value, String at, ZoneId zone) {
        boolean hasValue = value != null && !value.isBlank();
        boolean hasAt = at != null && !at.isBlank();
        if (!hasValue && !hasAt) {
            return Optional.empty();
        }
        if (!hasValue || !hasAt) {
            throw new IllegalArgumentException("meter " + id + " has " + (hasValue ? "reading.value but no reading.at" : "reading.at but no reading.value")
                    + ": set both (what the display showed, and when) or neither");
        }
        double display;
        try {
            display = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("reading.value of meter " + id + " must be a number (e.g. 12345.6), not '" + value + "'");
        }
        if (!Double.isFinite(display) || display < 0) {
            throw new IllegalArgumentException("reading.value of meter " + id + " must be a finite number >= 0, not " + value.trim());
        }
        return Optional.of(new MeterReading(display, instant(id, at.trim(), zone)));
    }

    private static Instant instant(int id, String at, ZoneId zone) {
        try {
            return TimeParser.instant(at, zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reading.at of meter " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public MeterKind kind() {
        return kind;
    }

    @Override
    public double impulsesPerUnit() {
        return impulsesPerUnit;
    }

    @Override
    public double calorificValue() {
        return calorificValue;
    }

    @Override
    public Optional<MeterReading> reading() {
        return reading;
    }

    @Override
    public String toString() {
        return "meter " + id + " (" + kind + ", " + impulsesPerUnit + " imp/" + kind.energyUnit() + ")";
    }
}
