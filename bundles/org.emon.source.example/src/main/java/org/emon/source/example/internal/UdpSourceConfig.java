package org.emon.source.example.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "emon UDP pulse source (example)", description = "One pulse per UDP datagram: file etc/org.emon.source.example-<name>.cfg")
@interface UdpSourceConfig {

    @AttributeDefinition(description = "The id of the configured meter the pulses count for")
    int meter_id();

    @AttributeDefinition(description = "UDP port to listen on")
    int port();

    @AttributeDefinition(description = "Address to listen on; 0.0.0.0 for every interface")
    String bind_address() default "127.0.0.1";
}
