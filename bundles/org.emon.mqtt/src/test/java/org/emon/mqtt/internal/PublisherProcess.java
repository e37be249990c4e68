package org.emon.mqtt.internal;

import java.nio.file.Path;
import java.util.Map;

/**
 * The publisher alone in a JVM of its own, for a test to kill with SIGKILL: one electricity meter
 * with 4321 pulses. Arguments: broker URL, client id, totals file.
 */
public final class PublisherProcess {

    private PublisherProcess() {
    }

    public static void main(String[] args) throws Exception {
        Fakes.Meters meters = new Fakes.Meters();
        meters.list.add(Fakes.electricity(21));
        Fakes.Store store = new Fakes.Store();
        store.add(21, 4321);
        new MqttPublisher("crash", Fakes.config(Map.of("broker", args[0], "client.id", args[1], "power.interval.millis", 100L,
                "total.interval.millis", 200L)), meters, new Fakes.Power(), store, Path.of(args[2]));
        Thread.sleep(Long.MAX_VALUE);
    }
}
