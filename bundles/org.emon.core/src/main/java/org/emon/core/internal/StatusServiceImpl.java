package org.emon.core.internal;

import java.util.ArrayList;
import java.util.List;

import org.emon.api.LivePower;
import org.emon.api.Meter;
import org.emon.api.MeterRegistry;
import org.emon.api.MeterStatus;
import org.emon.api.MeterStatus.SourceInfo;
import org.emon.api.PulseSource;
import org.emon.api.SourceStatus;
import org.emon.api.StatusService;
import org.emon.api.store.PulseQueries;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Puts together, per meter, its configuration, its sources, its stored pulses and its power. */
@Component
public final class StatusServiceImpl implements StatusService {

    private final MeterRegistry meters;
    private final PulseQueries store;
    private final LivePower power;
    private final SharedMeters shared = new SharedMeters();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<PulseSource> sources = List.of();

    @Activate
    public StatusServiceImpl(@Reference MeterRegistry meters, @Reference PulseQueries store, @Reference LivePower power) {
        this.meters = meters;
        this.store = store;
        this.power = power;
    }

    @Override
    public List<MeterStatus> meters() {
        List<PulseSource> current = sources;
        List<MeterStatus> result = new ArrayList<>();
        for (Meter meter : meters.meters()) {
            List<SourceInfo> own = shared.flag(meter.id(),
                    current.stream().filter(s -> s.meterId() == meter.id()).map(StatusServiceImpl::info).toList());
            result.add(new MeterStatus(meter, own, store.statistics(meter.id()).pulses(), power.reading(meter.id())));
        }
        return result;
    }

    @Override
    public List<SourceInfo> orphanSources() {
        return sources.stream().filter(s -> meters.meter(s.meterId()).isEmpty()).map(StatusServiceImpl::info).toList();
    }

    /** A third-party source that fails to report must not break the whole status. */
    private static SourceInfo info(PulseSource source) {
        String name;
        try {
            name = source.name();
        } catch (RuntimeException e) {
            name = source.getClass().getName();
        }
        try {
            return new SourceInfo(source.meterId(), name, source.status());
        } catch (RuntimeException e) {
            return new SourceInfo(source.meterId(), name, new SourceStatus(SourceStatus.State.FAILED, "status unavailable: " + e, 0, 0));
        }
    }
}
