package org.emon.core.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.emon.api.MeterStatus.SourceInfo;
import org.emon.api.SourceStatus;
import org.emon.api.SourceStatus.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flags a meter that more than one source counts at once: the sink cannot tell their pulses apart,
 * so they are summed, which is never what a meter measures. Each counting source's detail says so
 * (in {@code emon:status}, {@code emon:sources} and the REST status), and the log says it once per
 * new combination.
 */
final class SharedMeters {

    private static final Logger LOG = LoggerFactory.getLogger(SharedMeters.class);

    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    /** The sources of one meter, each counting one marked when more than one counts. */
    List<SourceInfo> flag(int meterId, List<SourceInfo> sources) {
        List<SourceInfo> counting = sources.stream().filter(s -> s.status().state() == State.RUNNING).toList();
        if (counting.size() < 2) {
            return sources;
        }
        String names = counting.stream().map(SourceInfo::name).sorted().collect(Collectors.joining(", "));
        String warning = counting.size() + " sources count meter " + meterId + " (" + names
                + "): their pulses are summed; configure one source per meter";
        if (logged.add(meterId + ":" + names)) {
            LOG.warn("Meter {}: {}", meterId, warning);
        }
        return sources.stream().map(s -> s.status().state() != State.RUNNING ? s : new SourceInfo(s.meterId(), s.name(),
                new SourceStatus(State.RUNNING, s.status().detail().isEmpty() ? warning : warning + "; " + s.status().detail(),
                        s.status().pulsesDelivered(), s.status().lastPulseMillis()))).toList();
    }
}
