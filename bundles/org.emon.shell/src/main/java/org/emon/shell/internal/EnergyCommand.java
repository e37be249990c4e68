package org.emon.shell.internal;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;
import org.emon.api.aggregation.EnergyBucket;
import org.emon.api.aggregation.EnergySeries;
import org.emon.api.aggregation.EnergyService;
import org.emon.api.time.TimeParser;

/** {@code emon:energy <meter>}: a meter's energy per bucket (hour, day, tariff...) over a range, as a table. */
@Service
@Command(scope = "emon", name = "energy", description = "Shows a meter's energy per hour, day, month... (or per tariff) over a range, with a total")
public class EnergyCommand implements Action {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx", Locale.ROOT);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT);

    @Reference
    EnergyService energy;

    @Argument(index = 0, name = "meter", description = "the meter's id, e.g. 21", required = true)
    String meter;

    @Option(name = "--from", description = "start: a date (2025-03-30, its local midnight), a date-time with offset "
            + "(2025-03-30T06:00+02:00), a local date-time (2025-03-30T06:00, in --tz) or epoch milliseconds; "
            + "default: the start of the day --to falls in")
    String from;

    @Option(name = "--to", description = "end (excluded), in the same forms as --from; default: now")
    String to;

    @Option(name = "--resolution", description = "minute, quarter-hour, hour, day, week, month, year, a tariff strategy's name, "
            + "or a number of seconds; default: hour")
    @Completion(value = StringsCompleter.class, values = { "minute", "quarter-hour", "hour", "day", "week", "month", "year", "tariff",
            "600", "3600", "86400" })
    String resolution = "hour";

    @Option(name = "--tz", description = "the IANA time zone days and hours are cut in, e.g. Europe/Amsterdam; default: the system's")
    String tz;

    @Override
    public Object execute() {
        run(energy, meter, from, to, resolution, tz, Instant.now(), ZoneId.systemDefault(), System.out);
        return null;
    }

    /**
     * Asks the service and prints the table and its total.
     *
     * @throws CommandFailure one line naming the bad argument, or why the service refused
     */
    static void run(EnergyService service, String meter, String from, String to, String resolution, String tz, Instant now,
            ZoneId systemZone, PrintStream out) {
        int meterId = meterId(meter);
        ZoneId zone = zone(tz, systemZone);
        Instant end = to == null ? now : instant("--to", to, zone);
        // the day --to is in: "today" by default (the day before, when --to is exactly a midnight)
        Instant start = from == null ? end.minusMillis(1).atZone(zone).toLocalDate().atStartOfDay(zone).toInstant()
                : instant("--from", from, zone);
        if (!start.isBefore(end)) {
            throw new CommandFailure("--from (" + format(start, zone, MINUTES) + ") must be before --to (" + format(end, zone, MINUTES) + ")");
        }
        String res = resolution == null || resolution.isBlank() ? "hour" : resolution.trim();
        EnergySeries series;
        try {
            series = service.energy(meterId, start, end, res, zone);
        } catch (NoSuchElementException e) {
            throw new CommandFailure(e.getMessage() + " (emon:status lists the configured meters)");
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
        print(series, out);
    }

    static int meterId(String meter) {
        try {
            return Integer.parseInt(meter.trim());
        } catch (RuntimeException e) {
            throw new CommandFailure("meter: '" + meter + "' is not a meter id (a number such as 21)");
        }
    }

    static ZoneId zone(String tz, ZoneId systemZone) {
        try {
            return TimeParser.zone(tz, systemZone);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("--tz: " + e.getMessage());
        }
    }

    /** Any form {@link TimeParser} reads (as the REST API does); a date or local date-time in {@code zone}. */
    static Instant instant(String option, String value, ZoneId zone) {
        try {
            return TimeParser.instant(value, zone);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(option + ": " + e.getMessage());
        }
    }

    static void print(EnergySeries series, PrintStream out) {
        List<EnergyBucket> values = series.values();
        ZoneId zone = series.zone();
        boolean kwh = !series.unit().equals("kWh") && values.stream().anyMatch(b -> b.kwh() != null);
        boolean reading = values.stream().anyMatch(b -> b.reading() != null);
        boolean label = values.stream().anyMatch(b -> b.label() != null);
        DateTimeFormatter time = values.stream().allMatch(b -> b.start().getEpochSecond() % 60 == 0 && b.start().getNano() == 0
                && b.end().getEpochSecond() % 60 == 0 && b.end().getNano() == 0) ? MINUTES : SECONDS;

        ShellTable table = new ShellTable();
        table.column("Start");
        table.column("End");
        table.column("Pulses").alignRight();
        table.column("Energy").alignRight();
        if (kwh) {
            table.column("kWh").alignRight();
        }
        if (reading) {
            table.column("Reading").alignRight();
        }
        if (label) {
            table.column("Label");
        }
        long pulses = 0;
        double total = 0;
        double totalKwh = 0;
        Map<String, Double> byLabel = new LinkedHashMap<>();
        for (EnergyBucket b : values) {
            var row = table.addRow();
            row.addContent(format(b.start(), zone, time), format(b.end(), zone, time), b.pulses(), amount(b.value(), series.unit()));
            if (kwh) {
                row.addContent(b.kwh() == null ? "-" : amount(b.kwh(), "kWh"));
            }
            if (reading) {
                row.addContent(b.reading() == null ? "-" : amount(b.reading(), series.unit()));
            }
            if (label) {
                row.addContent(Objects.requireNonNullElse(b.label(), "-"));
            }
            pulses += b.pulses();
            total += b.value();
            totalKwh += b.kwh() == null ? 0 : b.kwh();
            if (b.label() != null) {
                byLabel.merge(b.label(), b.value(), Double::sum);
            }
        }
        table.print(out);
        StringBuilder line = new StringBuilder("Total: ").append(pulses).append(pulses == 1 ? " pulse, " : " pulses, ")
                .append(amount(total, series.unit()));
        if (kwh) {
            line.append(" (").append(amount(totalKwh, "kWh")).append(')');
        }
        if (!byLabel.isEmpty()) {
            line.append("; ");
            byLabel.forEach((name, value) -> line.append(name).append(' ').append(amount(value, series.unit())).append(", "));
            line.setLength(line.length() - 2);
        }
        if (!values.isEmpty()) {
            line.append(" from ").append(format(values.get(0).start(), zone, time)).append(" to ")
                    .append(format(values.get(values.size() - 1).end(), zone, time));
        }
        out.println(line.append(" (").append(series.resolution()).append(", ").append(zone).append(')'));
    }

    private static String format(Instant t, ZoneId zone, DateTimeFormatter formatter) {
        return formatter.format(t.atZone(zone));
    }

    /** At least three decimals, more when the meter counts finer (10,000 imp/kWh), never rounded to nothing. */
    static String amount(double value, String unit) {
        return new DecimalFormat("0.000###", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value) + " " + unit;
    }
}
