package org.emon.aggregation.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.emon.api.aggregation.AggregationStrategy;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers emon's built-in strategies as services: the calendar periods, and the original's fixed
 * intervals of 60, 600, 3600 and 86400 seconds. Other bundles add their own the same way.
 */
@Component(service = {})
public final class StrategyRegistrar {

    static final long[] ORIGINAL_INTERVALS = { 60, 600, 3600, 86400 };

    private final List<ServiceRegistration<AggregationStrategy>> registrations = new ArrayList<>();

    @Activate
    public StrategyRegistrar(BundleContext context) {
        for (CalendarStrategy.Period period : CalendarStrategy.Period.values()) {
            register(context, new CalendarStrategy(period));
        }
        for (long seconds : ORIGINAL_INTERVALS) {
            register(context, new FixedIntervalStrategy(seconds));
        }
    }

    private void register(BundleContext context, AggregationStrategy strategy) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(AggregationStrategy.NAME, strategy.name());
        registrations.add(context.registerService(AggregationStrategy.class, strategy, properties));
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }
}
