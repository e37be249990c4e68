package org.emon.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/org.emon.mqtt.cfg: where to publish, as whom, and how often. */
@ObjectClassDefinition(name = "emon MQTT publishing", description = "Publishes each meter's power and total to an MQTT broker, with Home Assistant discovery")
@interface MqttConfig {

    @AttributeDefinition(description = "The broker: tcp://host:1883 or ssl://host:8883")
    String broker();

    @AttributeDefinition(description = "User name at the broker; empty for none")
    String username() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password at the broker; prefer password.file")
    String password() default "";

    @AttributeDefinition(name = "password.file", description = "A file whose first line is the password: keeps it out of the configuration, which config:list shows")
    String password_file() default "";

    @AttributeDefinition(name = "client.id", description = "The MQTT client id; unique at the broker")
    String client_id() default "emon";

    @AttributeDefinition(name = "topic.prefix", description = "Prefix of emon's state topics, e.g. emon/meter/21/total")
    String topic_prefix() default "emon";

    @AttributeDefinition(name = "discovery.prefix", description = "Home Assistant's discovery prefix; empty for no discovery")
    String discovery_prefix() default "homeassistant";

    @AttributeDefinition(name = "tls.ca.file", description = "For ssl://: a PEM file of the CA certificates to trust; empty for the JVM's")
    String tls_ca_file() default "";

    @AttributeDefinition(name = "power.interval.millis", description = "Power is published on change, at most this often (min 100)")
    long power_interval_millis() default 1000;

    @AttributeDefinition(name = "total.interval.millis", description = "Totals are published after new pulses are stored, at most this often (min 100)")
    long total_interval_millis() default 10_000;

    @AttributeDefinition(name = "reconnect.max.seconds", description = "The longest wait between two connection attempts (the wait doubles from 1 s)")
    int reconnect_max_seconds() default 60;
}
