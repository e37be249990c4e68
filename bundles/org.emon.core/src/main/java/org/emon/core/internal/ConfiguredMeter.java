package org.emon.core.internal;

import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** A meter defined by one factory configuration {@code org.emon.meter-<name>}. */
@Component(configurationPid = "org.emon.meter", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MeterConfig.class, factory = true)
public final class ConfiguredMeter implements Meter {

    private final int id;
    private final String description;
    private final String location;
    private final MeterKind kind;
    private final double impulsesPerUnit;

    /** @throws IllegalArgumentException for a configuration that cannot describe a meter */
    @Activate
    public ConfiguredMeter(MeterConfig config) {
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
    public String toString() {
        return "meter " + id + " (" + kind + ", " + impulsesPerUnit + " imp/" + kind.energyUnit() + ")";
    }
}
