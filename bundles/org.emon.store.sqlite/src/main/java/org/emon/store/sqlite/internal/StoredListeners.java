package org.emon.store.sqlite.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.emon.api.store.PulsesStoredListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registered {@link PulsesStoredListener} services, told one after the other; one that throws does not stop the writer. */
final class StoredListeners implements PulsesStoredListener {

    private static final Logger LOG = LoggerFactory.getLogger(StoredListeners.class);

    private final List<PulsesStoredListener> listeners = new CopyOnWriteArrayList<>();

    void add(PulsesStoredListener listener) {
        listeners.add(listener);
    }

    void remove(PulsesStoredListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void pulsesStored(int meterId, long oldestMillis) {
        for (PulsesStoredListener listener : listeners) {
            try {
                listener.pulsesStored(meterId, oldestMillis);
            } catch (RuntimeException e) {
                LOG.error("{} failed on new pulses of meter {}", listener, meterId, e);
            }
        }
    }
}
