package org.emon.mqtt.internal;

import java.time.Duration;
import java.util.function.Predicate;

import org.emon.api.integration.IntegrationState;

/** Waiting for the publisher's state, as emon:status would show it. */
final class Awaits {

    private Awaits() {
    }

    static IntegrationState state(MqttPublisher publisher, Predicate<IntegrationState> wanted, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IntegrationState state = publisher.state();
        while (!wanted.test(state)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no state " + what + " within " + timeout + "; last: " + state);
            }
            Thread.sleep(50);
            state = publisher.state();
        }
        return state;
    }
}
