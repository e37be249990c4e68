package org.emon.shell.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.emon.api.MeterStatus;
import org.emon.api.MeterStatus.SourceInfo;
import org.emon.api.StatusService;
import org.emon.api.integration.IntegrationState;
import org.emon.api.integration.IntegrationStatus;
import org.emon.api.store.StoreHealth;
import org.emon.api.store.StoreState;
import org.emon.api.store.StoreStatus;

/** {@code emon:status}: each meter, its sources, stored pulses, power now and last pulse. */
@Service
@Command(scope = "emon", name = "status", description = "Shows each meter with its source, stored pulses, current power and last pulse")
public class StatusCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    @Reference
    StatusService status;

    /** Optional: the meters table is still worth seeing while the store is missing. */
    @Reference(optional = true)
    StoreHealth store;

    /** Connections to other systems (an MQTT broker), when configured. */
    @Reference(optional = true)
    List<IntegrationStatus> integrations;

    @Override
    public Object execute() {
        print(status.meters(), status.orphanSources(), ZoneId.systemDefault(), System.out);
        System.out.println(storeLine(store == null ? null : store.status(), ZoneId.systemDefault()));
        if (integrations != null) {
            integrations.forEach(i -> System.out.println(integrationLine(i.state(), ZoneId.systemDefault())));
        }
        return null;
    }

    /**
     * One line of the store's health, e.g. {@code Store: 812 committed, 3 duplicates, 0 refused,
     * queued 0/65536}, followed by what a full disk means, or by the failure if it is failing or has
     * failed.
     */
    static String storeLine(StoreStatus store, ZoneId zone) {
        if (store == null) {
            return "Store: not available (pulses are not being stored)";
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Store: %d committed, %d duplicates, %d refused, queued %d/%d",
                store.committed(), store.duplicates(), store.refused(), store.queued(), store.queueCapacity()));
        if (store.state() == StoreState.DISK_FULL) {
            line.append("; DISK FULL: ").append(store.stateDetail());
        } else if (store.failing() || store.lastError() != null) {
            line.append(store.failing() ? "; RETRYING: " : "; last error: ")
                    .append(store.lastError() == null ? "unknown error" : store.lastError());
            if (store.lastErrorMillis() > 0) {
                line.append(" at ").append(formatTime(store.lastErrorMillis(), zone));
            }
        }
        return line.toString();
    }

    /**
     * One line per integration, e.g. {@code MQTT tcp://127.0.0.1:1883: connected, 1520 messages sent},
     * with its last error if it had one and what it holds back, if anything.
     */
    static String integrationLine(IntegrationState state, ZoneId zone) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %s: %s, %d messages sent",
                state.name().toUpperCase(Locale.ROOT), state.target(), state.connected() ? "connected" : "NOT CONNECTED",
                state.messagesSent()));
        if (state.lastError() != null) {
            line.append("; last error: ").append(state.lastError());
            if (state.lastErrorMillis() > 0) {
                line.append(" at ").append(formatTime(state.lastErrorMillis(), zone));
            }
        }
        if (state.warning() != null) {
            line.append("; WARNING: ").append(state.warning());
        }
        return line.toString();
    }

    static void print(List<MeterStatus> meters, List<SourceInfo> orphans, ZoneId zone, PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("Meter").alignRight();
        table.column("Description");
        table.column("Kind");
        table.column("Source");
        table.column("State");
        table.column("Pulses stored").alignRight();
        table.column("Power").alignRight();
        table.column("Last pulse");
        for (MeterStatus meter : meters) {
            long last = Math.max(meter.power().lastPulseMillis(),
                    meter.sources().stream().mapToLong(s -> s.status().lastPulseMillis()).max().orElse(0));
            table.addRow().addContent(meter.meter().id(), meter.meter().description(), meter.meter().kind(),
                    sourceNames(meter.sources()), sourceStates(meter.sources()), meter.pulsesStored(),
                    formatPower(meter.power().value(), meter.power().unit()), formatTime(last, zone));
        }
        table.print(out);
        for (SourceInfo orphan : orphans) {
            out.println("Source '" + orphan.name() + "' counts for meter " + orphan.meterId()
                    + ", which is not configured: its pulses are refused.");
        }
    }

    private static String sourceNames(List<SourceInfo> sources) {
        return sources.isEmpty() ? "-" : String.join(", ", sources.stream().map(SourceInfo::name).toList());
    }

    private static String sourceStates(List<SourceInfo> sources) {
        if (sources.isEmpty()) {
            return "no source";
        }
        return String.join(", ", sources.stream().map(s -> s.status().detail().isEmpty()
                ? s.status().state().toString()
                : s.status().state() + " (" + s.status().detail() + ")").toList());
    }

    static String formatPower(double value, String unit) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f %s", value, unit)
                : String.format(Locale.ROOT, "%.3g %s", value, unit);
    }

    static String formatTime(long millis, ZoneId zone) {
        return millis <= 0 ? "-" : TIME.format(Instant.ofEpochMilli(millis).atZone(zone));
    }
}
