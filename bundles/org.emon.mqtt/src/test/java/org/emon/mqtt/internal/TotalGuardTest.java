package org.emon.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TotalGuardTest {

    private static final Set<String> TOPICS = Set.of("t", "other");

    @TempDir
    Path dir;

    private final TotalGuard guard = TotalGuard.inMemory();

    /** Admitted totals recorded, as the publisher does before publishing them. */
    private static boolean publish(TotalGuard guard, String topic, String value) {
        BigDecimal total = new BigDecimal(value);
        return guard.admit(topic, total) && guard.record(Map.of(topic, total), TOPICS);
    }

    @Test
    void zeroIsNeverPublished() {
        assertThat(guard.admit("t", BigDecimal.ZERO)).isFalse();
        assertThat(guard.admit("t", new BigDecimal("0.000"))).isFalse();
        assertThat(guard.warning()).as("no pulses yet is nothing to warn about").isNull();
    }

    @Test
    void aTotalMayStayOrGrowButNeverDrop() {
        assertThat(publish(guard, "t", "12.5")).isTrue();
        assertThat(publish(guard, "t", "12.500")).isTrue();
        assertThat(publish(guard, "t", "12.499")).isFalse();
        assertThat(publish(guard, "t", "12.501")).isTrue();
        assertThat(publish(guard, "t", "12.5")).as("below the highest, not only below the last").isFalse();
        assertThat(publish(guard, "other", "1")).as("each topic on its own").isTrue();
    }

    @Test
    void aHeldTotalIsAWarningUntilTheStoreCatchesUp() {
        publish(guard, "t", "12.5");
        assertThat(publish(guard, "t", "11")).isFalse();
        assertThat(guard.warning()).isEqualTo("t stays at 12.5 until the store's 11 reaches it");
        assertThat(publish(guard, "t", "12")).isFalse();
        assertThat(guard.warning()).isEqualTo("t stays at 12.5 until the store's 12 reaches it");
        assertThat(publish(guard, "t", "12.5")).isTrue();
        assertThat(guard.warning()).isNull();
    }

    @Test
    void theHighestTotalsOutliveARestart() throws Exception {
        Path file = dir.resolve("data/emon/mqtt-totals");
        TotalGuard first = TotalGuard.load(file);
        assertThat(publish(first, "t", "12.5")).isTrue();
        assertThat(publish(first, "other", "3")).isTrue();

        TotalGuard second = TotalGuard.load(file);
        assertThat(publish(second, "t", "12.4")).as("e.g. the store restored from an older backup").isFalse();
        assertThat(second.warning()).isEqualTo("t stays at 12.5 until the store's 12.4 reaches it");
        assertThat(publish(second, "other", "3")).as("the same total again is no drop").isTrue();
        assertThat(publish(second, "t", "12.6")).isTrue();
        assertThat(TotalGuard.load(file).admit("t", new BigDecimal("12.55"))).isFalse();
    }

    @Test
    void theFileIsWrittenOnlyWhenATotalGrowsAndAlwaysReplacedWhole() throws Exception {
        Path file = dir.resolve("mqtt-totals");
        TotalGuard guard = TotalGuard.load(file);
        assertThat(file).doesNotExist();
        publish(guard, "t", "1");
        Object written = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        publish(guard, "t", "1");
        publish(guard, "t", "0.5");
        assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey()).as("not written again").isEqualTo(written);
        publish(guard, "t", "2");
        assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey()).as("a new file moved into place").isNotEqualTo(written);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("no temporary file left").containsExactly("mqtt-totals");
        }
    }

    @Test
    void aRemovedMeterStartsAfresh() throws Exception {
        Path file = dir.resolve("mqtt-totals");
        TotalGuard guard = TotalGuard.load(file);
        publish(guard, "t", "12.5");
        publish(guard, "other", "3");
        guard.forget(List.of("t"));
        assertThat(TotalGuard.load(file).admit("t", new BigDecimal("1"))).isTrue();
        assertThat(TotalGuard.load(file).admit("other", new BigDecimal("2"))).isFalse();
    }

    @Test
    void topicsOfMetersNoLongerConfiguredLeaveTheFileAtTheNextWrite() throws Exception {
        Path file = dir.resolve("mqtt-totals");
        TotalGuard guard = TotalGuard.load(file);
        publish(guard, "gone", "7");
        guard.record(Map.of("t", new BigDecimal("1")), Set.of("t"));
        assertThat(TotalGuard.load(file).admit("gone", new BigDecimal("1"))).isTrue();
    }

    @Test
    void aFileThatCannotBeWrittenHoldsHigherTotalsBackAndSaysWhy() throws Exception {
        Path blocker = dir.resolve("not-a-directory");
        Files.writeString(blocker, "");
        TotalGuard guard = TotalGuard.load(blocker.resolve("mqtt-totals"));
        assertThat(publish(guard, "t", "1")).isFalse();
        assertThat(guard.warning()).startsWith("cannot record the published totals in " + blocker.resolve("mqtt-totals"));
        Files.delete(blocker);
        assertThat(publish(guard, "t", "1")).isTrue();
        assertThat(guard.warning()).isNull();
    }

    @Test
    void roundingNeverTurnsAGrowingValueIntoADrop() {
        BigDecimal before = Values.round(0, 3);
        for (long pulses = 1; pulses < 5_000; pulses++) {
            BigDecimal now = Values.round(pulses / 75.0, Values.decimals(75));
            assertThat(now).isGreaterThanOrEqualTo(before);
            before = now;
        }
    }
}
