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

    @AttributeDefinition(name = "Calorific value (kWh per m3)", description = "Gas only: kWh per m3 as on the gas bill "
            + "(calorific value times volume correction, e.g. 9.77), so gas is also shown in kWh; 0 = none")
    double calorific_value() default 0;

    @AttributeDefinition(name = "Meter reading", required = false, description = "What the meter's own display showed "
            + "at reading.at, in kWh or m3 (e.g. 12345.6), so emon shows the same number; set both or neither")
    String reading_value() default "";

    @AttributeDefinition(name = "Meter reading taken at", required = false, description = "When the display showed "
            + "reading.value: an ISO-8601 instant (2025-01-01T08:00:00Z, 2025-01-01T09:00+01:00) or a local date-time "
            + "in the system's time zone (2025-01-01T09:00)")
    String reading_at() default "";
}
