package org.emon.shell.internal;

import java.io.PrintStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.emon.api.MeterStatus;
import org.emon.api.MeterStatus.SourceInfo;
import org.emon.api.StatusService;

/** {@code emon:sources}: each pulse source, its meter, state, pulses delivered and last pulse. */
@Service
@Command(scope = "emon", name = "sources", description = "Shows each pulse source with its meter, state, pulses delivered and last pulse")
public class SourcesCommand implements Action {

    @Reference
    StatusService status;

    @Override
    public Object execute() {
        List<SourceInfo> sources = new ArrayList<>();
        status.meters().stream().map(MeterStatus::sources).forEach(sources::addAll);
        sources.addAll(status.orphanSources());
        print(sources, ZoneId.systemDefault(), System.out);
        return null;
    }

    static void print(List<SourceInfo> sources, ZoneId zone, PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("Source");
        table.column("Meter").alignRight();
        table.column("State");
        table.column("Detail");
        table.column("Pulses delivered").alignRight();
        table.column("Last pulse");
        sources.stream().sorted(Comparator.comparingInt(SourceInfo::meterId).thenComparing(SourceInfo::name))
                .forEach(s -> table.addRow().addContent(s.name(), s.meterId(), s.status().state(), s.status().detail(),
                        s.status().pulsesDelivered(), StatusCommand.formatTime(s.status().lastPulseMillis(), zone)));
        table.print(out);
        if (sources.isEmpty()) {
            out.println("No pulse source is running: configure one in etc/ (see docs/configuration.md).");
        }
    }
}
