package org.emon.store.sqlite.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.emon.aggregation.internal.CalendarStrategy;
import org.emon.aggregation.internal.EnergyServiceImpl;
import org.emon.aggregation.internal.FixedIntervalStrategy;
import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.emon.api.MeterRegistry;
import org.emon.api.Pulse;
import org.emon.api.aggregation.EnergyBucket;
import org.emon.api.aggregation.EnergySeries;
import org.emon.api.store.CollectResult;
import org.emon.api.store.Collector;

/**
 * The energy benchmark (benchmarks/energy.sh, issue 5): on a database of 10 years of pulses of two
 * electricity meters (1000 imp/kWh, ~4,000 kWh a year each: ~80 million pulses), generated once
 * through the store's own write path ({@code store()} in batches of 50,000, so the rollups are
 * maintained exactly as in live use) and kept for reruns, it measures through the real
 * {@link EnergyServiceImpl} with the real calendar strategies:
 * <ol>
 * <li>hourly energy of one whole year (8,760 buckets) and daily energy of 10 years, Europe/Amsterdam:
 * p50/p99 over {@code runs} queries after a warm-up;</li>
 * <li>the same answers by a plain GROUP BY over the raw pulses, checked equal, and the ratio;</li>
 * <li>an incremental collect (600, 3600, 86400 s, both meters) after each of 5 new days of pulses;</li>
 * <li>one late pulse 9 years back: its commit (adds to the running totals of all later slots).</li>
 * </ol>
 * Arguments: [database file]; system properties {@code runs} (default 200), {@code years} (default 10).
 */
public final class EnergyBenchmark {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final LocalDate FIRST_DAY = LocalDate.of(2016, 1, 1);
    /** 10; fewer for a quick trial of the benchmark itself ({@code -Dyears=1}). */
    private static final int YEARS = Integer.getInteger("years", 10);
    private static final int[] METERS = { 21, 24 };
    private static final double KWH_PER_YEAR = 4000;
    private static final int BATCH = 50_000;
    private static final long[] INTERVALS = Collector.ORIGINAL_INTERVALS;

    private EnergyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Paths.get(args.length > 0 ? args[0] : "target/energy-bench/energy.db").toAbsolutePath();
        int runs = Integer.getInteger("runs", 200);
        Files.createDirectories(file.getParent());
        Path ready = file.resolveSibling(file.getFileName() + ".ready");
        if (!Files.exists(ready)) {
            generate(file, ready);
        }
        System.out.printf(Locale.ROOT, "# emon energy benchmark on %s (%.2f GB); %d cores, Java %s%n", file,
                Files.size(file) / 1e9, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        // commit window 0: the late pulse's figure is its transaction, not the wait for company
        SqlitePulseStore store = new SqlitePulseStore(Stores.config(file, 0, 1000, 200_000));
        try {
            System.out.printf(Locale.ROOT, "pulses: meter 21 %d, meter 24 %d%n", store.statistics(21).pulses(),
                    store.statistics(24).pulses());
            EnergyServiceImpl service = service(store);
            LocalDate lastYear = FIRST_DAY.plusYears(YEARS - 1);
            Instant yearFrom = lastYear.atStartOfDay(AMSTERDAM).toInstant();
            Instant yearTo = lastYear.plusYears(1).atStartOfDay(AMSTERDAM).toInstant();
            Instant tenFrom = FIRST_DAY.atStartOfDay(AMSTERDAM).toInstant();
            Instant tenTo = FIRST_DAY.plusYears(YEARS).atStartOfDay(AMSTERDAM).toInstant();

            measure(service, file, "hourly energy of " + lastYear.getYear() + " (Europe/Amsterdam)", "hour", yearFrom, yearTo, runs,
                    "ts / 3600000"); // Amsterdam's hours are whole UTC hours
            measure(service, file, "daily energy of " + FIRST_DAY.getYear() + "-" + lastYear.getYear() + " (Europe/Amsterdam)",
                    "day", tenFrom, tenTo, runs,
                    "(ts + " + offsetSql(tenFrom, tenTo) + ") / 86400000");
            collect(store, file);
            latePulse(store);
        } finally {
            store.deactivate();
        }
    }

    private static EnergyServiceImpl service(SqlitePulseStore store) {
        List<Meter> meters = new ArrayList<>();
        for (int id : METERS) {
            meters.add(Stores.meter(id, "meter " + id, "bench", MeterKind.ELECTRICITY, 1000));
        }
        MeterRegistry registry = new MeterRegistry() {
            @Override
            public List<Meter> meters() {
                return meters;
            }

            @Override
            public Optional<Meter> meter(int id) {
                return meters.stream().filter(m -> m.id() == id).findFirst();
            }
        };
        EnergyServiceImpl service = new EnergyServiceImpl(registry, store);
        // what StrategyRegistrar registers in Karaf
        for (CalendarStrategy.Period period : CalendarStrategy.Period.values()) {
            service.addStrategy(new CalendarStrategy(period));
        }
        for (long seconds : new long[] { 60, 600, 3600, 86400 }) {
            service.addStrategy(new FixedIntervalStrategy(seconds));
        }
        return service;
    }

    /** Service latency p50/p99, then the same by GROUP BY over the raw pulses, compared bucket by bucket. */
    private static void measure(EnergyServiceImpl service, Path file, String what, String resolution, Instant from,
            Instant to, int runs, String groupBy) throws Exception {
        for (int i = 0; i < Math.max(20, runs / 4); i++) { // warm-up: JIT, page cache
            service.energy(METERS[i % 2], from, to, resolution, AMSTERDAM);
        }
        long[] nanos = new long[runs];
        int buckets = 0;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            EnergySeries series = service.energy(METERS[i % 2], from, to, resolution, AMSTERDAM);
            nanos[i] = System.nanoTime() - start;
            buckets = series.values().size();
        }
        System.out.printf(Locale.ROOT, "%s: %d buckets, %d queries through EnergyService: p50 %.2f ms, p99 %.2f ms, "
                + "max %.2f ms%n", what, buckets, runs, pct(nanos, 50), pct(nanos, 99), pct(nanos, 100));

        long[] plain = new long[3];
        for (int i = 0; i < plain.length; i++) {
            int meter = METERS[i % 2];
            EnergySeries series = service.energy(meter, from, to, resolution, AMSTERDAM);
            long start = System.nanoTime();
            List<long[]> rows = groupBy(file, meter, from, to, groupBy);
            plain[i] = System.nanoTime() - start;
            check(what, series, rows);
        }
        double plainMedian = pct(plain, 50);
        System.out.printf(Locale.ROOT, "  same by GROUP BY over the raw pulses: median of %d %.0f ms (answers equal): "
                + "%.0fx the service's p50%n", plain.length, plainMedian, plainMedian / pct(nanos, 50));
    }

    /** (bucket start key, pulses) rows of a plain GROUP BY on a connection of its own, as an SQL tool would. */
    private static List<long[]> groupBy(Path file, int meter, Instant from, Instant to, String key) throws SQLException {
        List<long[]> rows = new ArrayList<>();
        try (Connection c = Database.openReader(file); PreparedStatement s = c.prepareStatement("SELECT " + key
                + " AS k, count(*) FROM pulse WHERE meter_id = ? AND ts >= ? AND ts < ? GROUP BY k ORDER BY k")) {
            s.setInt(1, meter);
            s.setLong(2, from.toEpochMilli());
            s.setLong(3, to.toEpochMilli());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new long[] { rs.getLong(1), rs.getLong(2) });
                }
            }
        }
        return rows;
    }

    /** Every non-empty bucket of the series is a GROUP BY row with the same count, and no row is left over. */
    private static void check(String what, EnergySeries series, List<long[]> rows) {
        long[] counts = series.values().stream().mapToLong(EnergyBucket::pulses).filter(n -> n > 0).toArray();
        long[] plain = rows.stream().mapToLong(r -> r[1]).toArray();
        if (!Arrays.equals(counts, plain)) {
            throw new IllegalStateException(what + ": the service and GROUP BY disagree (" + counts.length + " vs "
                    + plain.length + " non-empty buckets)");
        }
        long total = series.values().stream().mapToLong(EnergyBucket::pulses).sum();
        if (total != Arrays.stream(plain).sum()) {
            throw new IllegalStateException(what + ": totals differ");
        }
    }

    /** Amsterdam's UTC offset (ms) at {@code ts}, as an SQL CASE over the zone's transitions in the range. */
    private static String offsetSql(Instant from, Instant to) {
        StringBuilder sql = new StringBuilder("CASE");
        Instant t = from;
        while (true) {
            ZoneOffsetTransition next = AMSTERDAM.getRules().nextTransition(t);
            long offset = AMSTERDAM.getRules().getOffset(t).getTotalSeconds() * 1000L;
            if (next == null || !next.getInstant().isBefore(to)) {
                return sql.append(" ELSE ").append(offset).append(" END").toString();
            }
            sql.append(" WHEN ts < ").append(next.getInstant().toEpochMilli()).append(" THEN ").append(offset);
            t = next.getInstant();
        }
    }

    /** 5 times: one new day of pulses for both meters, then an incremental collect of the three intervals. */
    private static void collect(SqlitePulseStore store, Path file) throws Exception {
        long lastPulse = Math.max(store.statistics(21).lastPulseMillis(), store.statistics(24).lastPulseMillis());
        LocalDate day = Instant.ofEpochMilli(lastPulse).atZone(AMSTERDAM).toLocalDate().plusDays(1);
        CollectResult catchUp = store.collect(INTERVALS, OptionalInt.empty(), false, null); // e.g. after an aborted run
        System.out.printf(Locale.ROOT, "collect before the new days (catches up after a stopped run): %d buckets in %d ms%n",
                catchUp.buckets(), catchUp.elapsedMillis());
        long[] nanos = new long[5];
        long buckets = 0;
        for (int i = 0; i < nanos.length; i++, day = day.plusDays(1)) {
            List<Pulse> pulses = day(day, new SplittableRandom(day.toEpochDay()));
            write(store, pulses);
            long start = System.nanoTime();
            CollectResult result = store.collect(INTERVALS, OptionalInt.empty(), false, null);
            nanos[i] = System.nanoTime() - start;
            buckets = result.buckets();
            long from = day.atStartOfDay(AMSTERDAM).toInstant().toEpochMilli();
            for (int meter : METERS) {
                long stored = Stores.queryLong(file, "SELECT sum(ticks) FROM emon_" + meter + "_600 WHERE epoch >= ?",
                        Math.floorDiv(from, 600_000) * 600);
                long expected = Stores.queryLong(file, "SELECT count(*) FROM pulse WHERE meter_id = ? AND ts >= ?",
                        meter, Math.floorDiv(from, 600_000) * 600_000);
                if (stored != expected) {
                    throw new IllegalStateException("collect of " + day + ": emon_" + meter + "_600 has " + stored
                            + " pulses, the pulse table " + expected);
                }
            }
        }
        System.out.printf(Locale.ROOT, "incremental collect of one new day (%d runs, 2 meters x 3 intervals, %d bucket "
                + "rows each): %s ms; max %.1f ms%n", nanos.length, buckets, Arrays.toString(Arrays.stream(nanos)
                        .mapToObj(n -> String.format(Locale.ROOT, "%.1f", n / 1e6)).toArray()), pct(nanos, 100));
    }

    /** A pulse 9 years before the newest (of 10): all later slots' running totals (~315,000 rows) grow by one. */
    private static void latePulse(SqlitePulseStore store) throws Exception {
        long at = FIRST_DAY.plusDays(380).atStartOfDay(AMSTERDAM).toInstant().toEpochMilli() + 12_345;
        long start = System.nanoTime();
        store.store(List.of(new Pulse(21, at + new SplittableRandom().nextInt(1_000_000)))).toCompletableFuture().get();
        System.out.printf(Locale.ROOT, "one late pulse 9 years back, call to commit: %.1f ms%n", (System.nanoTime() - start) / 1e6);
    }

    // ---- generation ----

    /** The pulses, then the ready mark, then the first collect (which a rerun resumes if it was stopped). */
    private static void generate(Path file, Path ready) throws Exception {
        for (String suffix : new String[] { "", "-wal", "-shm" }) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }
        System.out.printf(Locale.ROOT, "# generating 10 years of pulses in %s (once; reruns reuse it)%n", file);
        long start = System.nanoTime();
        SqlitePulseStore store = new SqlitePulseStore(Stores.config(file, 250, 1000, 200_000));
        try {
            for (int id : METERS) {
                store.saveMeter(Stores.meter(id, "meter " + id, "bench", MeterKind.ELECTRICITY, 1000));
            }
            Deque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
            List<Pulse> batch = new ArrayList<>(BATCH);
            long total = 0;
            LocalDate end = FIRST_DAY.plusYears(YEARS);
            for (LocalDate day = FIRST_DAY; day.isBefore(end); day = day.plusDays(1)) {
                for (Pulse pulse : day(day, new SplittableRandom(day.toEpochDay()))) {
                    batch.add(pulse);
                    if (batch.size() == BATCH) {
                        inFlight.add(store.store(batch).toCompletableFuture());
                        total += batch.size();
                        batch = new ArrayList<>(BATCH);
                        while (inFlight.size() > 3) {
                            inFlight.removeFirst().get();
                        }
                    }
                }
                if (day.getDayOfYear() == 1) {
                    System.out.printf(Locale.ROOT, "  %s: %d pulses, %.0f s%n", day, total, (System.nanoTime() - start) / 1e9);
                }
            }
            inFlight.add(store.store(batch).toCompletableFuture());
            total += batch.size();
            for (CompletableFuture<?> future : inFlight) {
                future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "generated %d pulses through store() in %.0f s (%.0f pulses/s)%n", total, seconds,
                    total / seconds);
            Files.writeString(ready, YEARS + " years, meters 21 and 24, generated " + Instant.now() + "\n");
            long collectStart = System.nanoTime();
            CollectResult first = store.collect(INTERVALS, OptionalInt.empty(), false, (table, done, all) -> { });
            System.out.printf(Locale.ROOT, "first collect (builds %s): %d buckets in %.0f s%n", first.tables(),
                    first.buckets(), (System.nanoTime() - collectStart) / 1e9);
        } finally {
            store.deactivate();
        }
        try (Connection c = Stores.jdbc(file); var s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    /**
     * One local day of both meters' pulses, in time order: a household's daily curve (low at night,
     * peaks in the morning and evening, more in winter), ~4,000 kWh a year, 1000 imp/kWh, and a random
     * spread of each pulse's interval.
     */
    static List<Pulse> day(LocalDate day, SplittableRandom random) {
        long from = day.atStartOfDay(AMSTERDAM).toInstant().toEpochMilli();
        long to = day.plusDays(1).atStartOfDay(AMSTERDAM).toInstant().toEpochMilli();
        double season = 1 + 0.25 * Math.cos(2 * Math.PI * (day.getDayOfYear() - 15) / 365.25);
        List<List<Pulse>> perMeter = new ArrayList<>();
        for (int m = 0; m < METERS.length; m++) {
            List<Pulse> pulses = new ArrayList<>(16_000);
            double meanWatts = KWH_PER_YEAR * 1000 / 8766 * season * (m == 0 ? 1.0 : 0.97);
            long t = from + random.nextInt(5000);
            while (t < to) {
                pulses.add(new Pulse(METERS[m], t));
                double hour = (t - from) / 3.6e6;
                double watts = meanWatts * profile(hour, m);
                // 1 Wh per pulse: 3.6e6 / W milliseconds apart, spread +-30 %
                t += Math.max(1, (long) (3.6e6 / watts * (0.7 + 0.6 * random.nextDouble())));
            }
            perMeter.add(pulses);
        }
        List<Pulse> merged = new ArrayList<>(perMeter.get(0).size() + perMeter.get(1).size());
        int a = 0;
        int b = 0;
        List<Pulse> x = perMeter.get(0);
        List<Pulse> y = perMeter.get(1);
        while (a < x.size() || b < y.size()) {
            if (b >= y.size() || (a < x.size() && x.get(a).timestampMillis() <= y.get(b).timestampMillis())) {
                merged.add(x.get(a++));
            } else {
                merged.add(y.get(b++));
            }
        }
        return merged;
    }

    /** Relative power by local hour of day; averages ~1 over a day. */
    private static double profile(double hour, int meter) {
        double base = 0.55;
        double morning = 0.9 * Math.exp(-Math.pow((hour - 7.5 - meter * 0.5) / 1.2, 2));
        double evening = 1.5 * Math.exp(-Math.pow((hour - 19 - meter * 0.5) / 2.2, 2));
        double day = 0.25 * Math.exp(-Math.pow((hour - 13) / 3.0, 2));
        return (base + morning + evening + day) / 0.93;
    }

    private static void write(SqlitePulseStore store, List<Pulse> pulses) throws Exception {
        for (int i = 0; i < pulses.size(); i += BATCH) {
            store.store(pulses.subList(i, Math.min(pulses.size(), i + BATCH))).toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private static double pct(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
