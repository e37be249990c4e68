package org.emon.source.gpio.internal;

import java.util.HashMap;
import java.util.Map;

/** Which source holds which pin of a backend, so that a second source asking for it is told by whom. */
final class PinOwners {

    private final Map<Integer, String> owners = new HashMap<>();

    /** @throws IllegalStateException naming the source that holds {@code pin} */
    synchronized void checkFree(int pin) {
        String user = owners.get(pin);
        if (user != null) {
            throw new IllegalStateException("BCM " + pin + " is already used by " + user);
        }
    }

    synchronized void take(int pin, String owner) {
        owners.put(pin, owner);
    }

    synchronized void release(int pin) {
        owners.remove(pin);
    }

    synchronized void clear() {
        owners.clear();
    }
}
