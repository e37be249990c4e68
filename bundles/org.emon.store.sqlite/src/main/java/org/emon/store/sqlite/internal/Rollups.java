package org.emon.store.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.emon.api.Pulse;

/**
 * The {@code rollup} table: per meter and 15-minute slot (epoch-aligned), the slot's pulse count and
 * the meter's pulses before the slot. Every time zone's offset today is a whole number of quarter
 * hours, so each boundary of a calendar minute-to-year bucket at hour resolution or coarser falls on a
 * slot boundary: the pulses before such an instant are one index seek, whatever the number of pulses.
 * An instant inside a slot adds a count over the raw pulses of at most one slot.
 *
 * <p>Kept by the writer in the transaction that inserts the pulses, counting only pulses actually
 * inserted, so the rollups always equal the pulse table: live pulses touch the meter's newest slot;
 * a late pulse also adds to {@code pulses_before} of the meter's later slots.
 */
final class Rollups {

    /** A slot's length: 15 minutes. */
    static final long SLOT_MILLIS = 900_000;

    /**
     * The smallest slot start above {@link Long#MIN_VALUE}; timestamps below it (some 292 million
     * years BC) share one slot that starts at {@code Long.MIN_VALUE}, so that no slot start overflows.
     */
    static final long LOWEST_SLOT = Long.MIN_VALUE - Math.floorMod(Long.MIN_VALUE, SLOT_MILLIS) + SLOT_MILLIS;

    /** {@link #slotOf} in SQL, for the column or expression {@code ts}. */
    static String slotSql(String ts) {
        return "(CASE WHEN " + ts + " < " + LOWEST_SLOT + " THEN " + Long.MIN_VALUE + " ELSE " + ts + " - ((" + ts
                + " % " + SLOT_MILLIS + ") + " + SLOT_MILLIS + ") % " + SLOT_MILLIS + " END)";
    }

    static final String CREATE = "CREATE TABLE rollup ("
            + "meter_id INTEGER NOT NULL, "
            + "start_ts INTEGER NOT NULL, " // the slot's start, epoch ms
            + "pulses INTEGER NOT NULL, " // pulses with start_ts <= ts < start_ts + 900,000
            + "pulses_before INTEGER NOT NULL, " // the meter's pulses with ts < start_ts
            + "PRIMARY KEY (meter_id, start_ts)) WITHOUT ROWID";

    /** Builds the rollups of the pulses already stored (a schema upgrade): one pass, in the key's order. */
    static final String BUILD = "INSERT INTO rollup (meter_id, start_ts, pulses, pulses_before) "
            + "SELECT meter_id, slot, n, coalesce(sum(n) OVER (PARTITION BY meter_id ORDER BY slot "
            + "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) "
            + "FROM (SELECT meter_id, " + slotSql("ts") + " AS slot, count(*) AS n FROM pulse GROUP BY meter_id, slot)";

    /**
     * The smallest instant {@link #COUNTS_BEFORE} answers: from here on {@code t - SLOT_MILLIS} cannot
     * overflow and every slot before {@code slotOf(t)} is a whole slot. (Smaller instants, 292 million
     * years BC, are counted directly.)
     */
    static final long LOWEST_INSTANT = LOWEST_SLOT + SLOT_MILLIS;

    /**
     * Per instant {@code t} of a JSON array, by its index: the meter's pulses before it. One seek for
     * the last slot ending at or before {@code t} (a slot starting at or before {@code t - 900,000}:
     * slot starts are multiples of 900,000, so that is the last slot before {@code slotOf(t)}); and
     * when {@code t} is inside a slot, a count of the pulses in {@code [slotOf(t), t)}. Plain numbers
     * and no repeated expression: this is the hot path of every energy query.
     */
    static final String COUNTS_BEFORE = "SELECT j.key, coalesce((SELECT r.pulses_before + r.pulses FROM rollup r "
            + "WHERE r.meter_id = ?1 AND r.start_ts <= j.value - " + SLOT_MILLIS
            + " ORDER BY r.start_ts DESC LIMIT 1), 0) + CASE WHEN j.value % " + SLOT_MILLIS + " = 0 THEN 0 ELSE "
            + "(SELECT count(*) FROM pulse p WHERE p.meter_id = ?1 AND p.ts >= j.value - (j.value % " + SLOT_MILLIS
            + " + " + SLOT_MILLIS + ") % " + SLOT_MILLIS + " AND p.ts < j.value) END FROM json_each(?2) j";

    private Rollups() {
    }

    /** The start of the slot that holds {@code ts}. */
    static long slotOf(long ts) {
        return ts < LOWEST_SLOT ? Long.MIN_VALUE : ts - Math.floorMod(ts, SLOT_MILLIS);
    }

    /** The JSON argument of {@link #COUNTS_BEFORE}: {@code instants[from, length)}. */
    static String countsBeforeArgument(long[] instants, int from) {
        StringBuilder json = new StringBuilder((instants.length - from) * 15 + 2).append('[');
        for (int i = from; i < instants.length; i++) {
            if (i > from) {
                json.append(',');
            }
            json.append(instants[i]);
        }
        return json.append(']').toString();
    }

    /** The writer's statements; prepared once per write connection. */
    static final class Writer {

        /**
         * Adds to a slot's count, and sets its {@code pulses_before} from the slot before it (already
         * up to date when slots are processed in ascending order, see {@link #add}).
         */
        private final PreparedStatement upsertSlot;
        /** Adds to {@code pulses_before} of the slots strictly between two slots. */
        private final PreparedStatement shiftBetween;
        /** Adds to {@code pulses_before} of the slots after a slot. */
        private final PreparedStatement shiftAfter;

        Writer(Connection connection) throws SQLException {
            upsertSlot = connection.prepareStatement("INSERT INTO rollup (meter_id, start_ts, pulses, pulses_before) "
                    + "VALUES (?1, ?2, ?3, coalesce((SELECT r.pulses_before + r.pulses FROM rollup r "
                    + "WHERE r.meter_id = ?1 AND r.start_ts < ?2 ORDER BY r.start_ts DESC LIMIT 1), 0)) "
                    + "ON CONFLICT (meter_id, start_ts) DO UPDATE SET "
                    + "pulses = pulses + excluded.pulses, pulses_before = excluded.pulses_before");
            shiftBetween = connection.prepareStatement("UPDATE rollup SET pulses_before = pulses_before + ?1 "
                    + "WHERE meter_id = ?2 AND start_ts > ?3 AND start_ts < ?4");
            shiftAfter = connection.prepareStatement("UPDATE rollup SET pulses_before = pulses_before + ?1 "
                    + "WHERE meter_id = ?2 AND start_ts > ?3");
        }

        /**
         * Adds the inserted pulses to the rollups; in the transaction that inserted them.
         *
         * @return per meter, the oldest inserted timestamp
         */
        Map<Integer, Long> add(List<Pulse> pulses, boolean[] inserted) throws SQLException {
            Map<Integer, TreeMap<Long, Long>> slots = new HashMap<>();
            Map<Integer, Long> oldest = new HashMap<>();
            for (int i = 0; i < inserted.length; i++) {
                if (inserted[i]) {
                    Pulse pulse = pulses.get(i);
                    slots.computeIfAbsent(pulse.meterId(), m -> new TreeMap<>())
                            .merge(slotOf(pulse.timestampMillis()), 1L, Long::sum);
                    oldest.merge(pulse.meterId(), pulse.timestampMillis(), Math::min);
                }
            }
            for (Map.Entry<Integer, TreeMap<Long, Long>> meter : slots.entrySet()) {
                add(meter.getKey(), meter.getValue());
            }
            return oldest;
        }

        /**
         * Slots in ascending order: before slot {@code s} is upserted, every slot before it is up to
         * date, so its {@code pulses_before} can be read from its predecessor; the slots between two
         * touched ones gain the pulses added so far, those after the last one gain all of them.
         */
        private void add(int meterId, TreeMap<Long, Long> slots) throws SQLException {
            long added = 0;
            Long previous = null;
            for (Map.Entry<Long, Long> slot : slots.entrySet()) {
                if (previous != null) {
                    shiftBetween.setLong(1, added);
                    shiftBetween.setInt(2, meterId);
                    shiftBetween.setLong(3, previous);
                    shiftBetween.setLong(4, slot.getKey());
                    shiftBetween.executeUpdate();
                }
                upsertSlot.setInt(1, meterId);
                upsertSlot.setLong(2, slot.getKey());
                upsertSlot.setLong(3, slot.getValue());
                upsertSlot.executeUpdate();
                added += slot.getValue();
                previous = slot.getKey();
            }
            shiftAfter.setLong(1, added);
            shiftAfter.setInt(2, meterId);
            shiftAfter.setLong(3, previous);
            shiftAfter.executeUpdate();
        }
    }
}
