package org.emon.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "emon power", description = "How instantaneous power is derived from pulses")
@interface PowerConfig {

    @AttributeDefinition(description = "Seconds without a pulse after which a meter's power is reported as 0")
    long timeout_seconds() default 900;
}
