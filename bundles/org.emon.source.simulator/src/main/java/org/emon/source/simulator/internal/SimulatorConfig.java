package org.emon.source.simulator.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "emon simulated meter", description = "A simulated pulse source: file etc/org.emon.source.simulator-<name>.cfg (see docs/simulator.md)")
@interface SimulatorConfig {

    @AttributeDefinition(description = "The id of the configured meter (etc/org.emon.meter-*.cfg) this simulator pulses for")
    int meter_id();

    @AttributeDefinition(description = "constant: a steady power or flow; household: a home's electricity over the day; gas: a home's heating and hot water",
            options = { @Option(value = "constant", label = "constant"), @Option(value = "household", label = "household"),
                    @Option(value = "gas", label = "gas") })
    String profile() default "constant";

    @AttributeDefinition(description = "constant profile: power in W, for an electricity meter")
    double power_watts() default 500;

    @AttributeDefinition(description = "constant profile: flow in m3/h, for a gas or water meter")
    double flow_m3_per_hour() default 0.5;

    @AttributeDefinition(description = "household profile: electricity used in an average year, kWh")
    double yearly_kwh() default 3500;

    @AttributeDefinition(description = "gas profile: gas used in an average year, m3")
    double yearly_m3() default 1200;

    @AttributeDefinition(description = "household and gas profiles: vary by day of year (more heating and light in winter)")
    boolean seasonal() default true;

    @AttributeDefinition(description = "household and gas profiles: the time zone of the household's day (empty: the system's)")
    String zone() default "";

    @AttributeDefinition(description = "Relative spread of the energy per pulse, so of the time between pulses (0 = exact, 0.1 = about 10 %)")
    double jitter() default 0.1;

    @AttributeDefinition(description = "Seed of the random household and jitter; the same seed gives the same pulses; 0 for a different sequence on every start")
    long seed() default 0;
}
