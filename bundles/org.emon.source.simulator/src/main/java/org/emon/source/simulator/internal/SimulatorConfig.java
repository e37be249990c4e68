package org.emon.source.simulator.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "emon simulated meter", description = "A simulated pulse source: file etc/org.emon.source.simulator-<name>.cfg")
@interface SimulatorConfig {

    @AttributeDefinition(description = "The id of the configured meter (etc/org.emon.meter-*.cfg) this simulator pulses for")
    int meter_id();

    @AttributeDefinition(description = "Mean power in W, for an electricity meter")
    double power_watts() default 500;

    @AttributeDefinition(description = "Mean flow in m3/h, for a gas or water meter")
    double flow_m3_per_hour() default 0.5;

    @AttributeDefinition(description = "Relative spread of the time between pulses (0 = a metronome, 0.1 = about 10 %)")
    double jitter() default 0.1;

    @AttributeDefinition(description = "Seed of the random jitter; 0 for a different sequence on every start")
    long seed() default 0;
}
