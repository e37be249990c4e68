package org.emon.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "emon meter", description = "One meter: file etc/org.emon.meter-<name>.cfg")
@interface MeterConfig {

    @AttributeDefinition(description = "The meter's number, as the original emon-server's meterid (e.g. 21)")
    int id();

    @AttributeDefinition(description = "What the meter measures")
    String description() default "";

    @AttributeDefinition(description = "Where it is")
    String location() default "";

    @AttributeDefinition(description = "What kind of meter it is", options = {
            @Option(label = "Electricity (impulses per kWh)", value = "electricity"),
            @Option(label = "Gas (impulses per m3)", value = "gas"),
            @Option(label = "Water (impulses per m3)", value = "water") })
    String kind() default "electricity";

    @AttributeDefinition(name = "Impulses per unit", description = "Impulses per kWh (electricity) or per m3 (gas, water), as printed on the meter, e.g. 1000 imp/kWh")
    double impulses_per_unit() default 1000;
}
