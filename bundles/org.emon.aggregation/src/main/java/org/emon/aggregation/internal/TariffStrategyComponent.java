package org.emon.aggregation.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.emon.api.aggregation.AggregationStrategy;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One tariff strategy per factory configuration {@code etc/org.emon.aggregation.tariff-<name>.cfg},
 * registered as an {@link AggregationStrategy} under its configured name, so a query selects it
 * with {@code resolution=<name>}. Registered by hand because the service property
 * {@code aggregation.name} takes its value from the configuration's {@code name}.
 */
@Component(configurationPid = TariffStrategyComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = TariffStrategyComponent.Config.class, factory = true)
public final class TariffStrategyComponent {

    static final String PID = "org.emon.aggregation.tariff";

    @ObjectClassDefinition(name = "emon tariff strategy",
            description = "Buckets by tariff (peak / off-peak) on a local-time schedule: file etc/org.emon.aggregation.tariff-<name>.cfg")
    @interface Config {

        @AttributeDefinition(description = "The strategy name a query selects (resolution=...); not a built-in name such as hour or day")
        String name() default "tariff";

        @AttributeDefinition(description = "When the peak tariff applies, local time: comma-separated rules [days] HH:MM-HH:MM, "
                + "e.g. mon-fri 07:00-23:00; empty for never")
        String peak() default "mon-fri 07:00-23:00";

        @AttributeDefinition(description = "Label of the buckets in the peak schedule")
        String peak_label() default "peak";

        @AttributeDefinition(description = "Label of all other buckets")
        String offpeak_label() default "off-peak";
    }

    private final ServiceRegistration<AggregationStrategy> registration;

    @Activate
    public TariffStrategyComponent(BundleContext context, Config config) {
        TariffStrategy strategy = create(config.name(), config.peak(), config.peak_label(), config.offpeak_label());
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(AggregationStrategy.NAME, strategy.name());
        registration = context.registerService(AggregationStrategy.class, strategy, properties);
    }

    /**
     * The strategy a configuration describes.
     *
     * @throws IllegalArgumentException naming the bad key, also for a name a built-in strategy has
     *                                  (a query could not tell the two apart)
     */
    static TariffStrategy create(String name, String peak, String peakLabel, String offPeakLabel) {
        String trimmed = name == null ? "" : name.trim();
        for (CalendarStrategy.Period period : CalendarStrategy.Period.values()) {
            if (period.strategyName().equals(trimmed)) {
                throw new IllegalArgumentException("name '" + trimmed + "' is a built-in calendar resolution: choose another, e.g. tariff");
            }
        }
        if (trimmed.matches("[0-9]+")) {
            throw new IllegalArgumentException("name '" + trimmed + "' would be read as a number of seconds: choose another, e.g. tariff");
        }
        return new TariffStrategy(trimmed, peak, peakLabel, offPeakLabel);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
