package org.emon.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.emon.api.Meter;
import org.emon.api.MeterRegistry;
import org.emon.api.store.MeterTable;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks the {@link Meter} services and answers look-ups by id. Two meters with the same id: the
 * first one registered counts, the other is reported. Each meter is also written to the store so
 * that SQL tools see it beside its pulses.
 */
@Component
public final class MeterRegistryImpl implements MeterRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(MeterRegistryImpl.class);

    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    private final Map<Integer, Meter> byId = new ConcurrentHashMap<>();
    private volatile MeterTable store;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addMeter(Meter meter) {
        registered.add(meter);
        Meter first = byId.putIfAbsent(meter.id(), meter);
        if (first != null) {
            LOG.error("Two meters are configured with id {}: {} is used, {} is ignored", meter.id(), first, meter);
            return;
        }
        MeterTable s = store;
        if (s != null) {
            s.saveMeter(meter);
        }
    }

    void removeMeter(Meter meter) {
        registered.remove(meter);
        if (byId.remove(meter.id(), meter)) {
            // a duplicate waiting behind the removed meter takes its place
            registered.stream().filter(m -> m.id() == meter.id()).findFirst().ifPresent(next -> {
                byId.put(next.id(), next);
                MeterTable s = store;
                if (s != null) {
                    s.saveMeter(next);
                }
            });
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setStore(MeterTable store) {
        this.store = store;
        byId.values().forEach(store::saveMeter);
    }

    void unsetStore(MeterTable store) {
        if (this.store == store) {
            this.store = null;
        }
    }

    @Override
    public List<Meter> meters() {
        List<Meter> meters = new ArrayList<>(byId.values());
        meters.sort(Comparator.comparingInt(Meter::id));
        return meters;
    }

    @Override
    public Optional<Meter> meter(int id) {
        return Optional.ofNullable(byId.get(id));
    }
}
