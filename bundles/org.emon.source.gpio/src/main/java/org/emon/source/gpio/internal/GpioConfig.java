package org.emon.source.gpio.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "emon GPIO pulse source", description = "A meter's pulse input on a Raspberry Pi GPIO: file etc/org.emon.source.gpio-<name>.cfg")
@interface GpioConfig {

    @AttributeDefinition(description = "The id of the configured meter (etc/org.emon.meter-*.cfg) the pulses count for")
    int meter_id();

    @AttributeDefinition(description = "The GPIO input as a BCM number, 0 to 27 (BCM 4 is physical pin 7, BCM 17 is pin 11)")
    int pin();

    @AttributeDefinition(description = "led: a 555/phototransistor head on an electricity meter's LED; reed: a gas meter's reed contact",
            options = { @Option(value = "led", label = "LED head (555)"), @Option(value = "reed", label = "Reed contact") })
    String type() default "led";

    @AttributeDefinition(description = "The input's internal resistor; by default up for a reed contact, off for a LED head", required = false,
            options = { @Option(value = "up", label = "Pull-up"), @Option(value = "down", label = "Pull-down"), @Option(value = "off", label = "None") })
    String pull();

    @AttributeDefinition(description = "The edge that is one impulse: falling (a 555 head's output at the end of a flash, a reed contact to GND closing), rising, or both",
            options = { @Option(value = "falling", label = "Falling"), @Option(value = "rising", label = "Rising"), @Option(value = "both", label = "Both") })
    String edge() default "falling";

    @AttributeDefinition(description = "How long a new level must hold to count, in ms; by default 1 for a LED head, 30 for a reed contact", required = false)
    double debounce_ms();

    @AttributeDefinition(description = "How the input is read: auto (Pi4J where it works, the kernel's GPIO uAPI v2 where Pi4J cannot start or the kernel refuses uAPI v1), pi4j, or uapi2 (kernel timestamps, lost edges counted)",
            options = { @Option(value = "auto", label = "Automatic"), @Option(value = "pi4j", label = "Pi4J (libgpiod 1.x, uAPI v1)"), @Option(value = "uapi2", label = "Kernel GPIO uAPI v2") })
    String backend() default "auto";
}
