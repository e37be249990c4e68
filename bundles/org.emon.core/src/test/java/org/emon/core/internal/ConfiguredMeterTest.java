package org.emon.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.time.ZoneId;

import org.emon.api.MeterKind;
import org.emon.api.MeterReading;
import org.junit.jupiter.api.Test;

class ConfiguredMeterTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    static MeterConfig config(int id, String kind, double impulses) {
        return config(id, kind, impulses, 0, "", "");
    }

    static MeterConfig config(int id, String kind, double impulses, double calorific, String readingValue, String readingAt) {
        return new MeterConfig() {
            public Class<? extends Annotation> annotationType() { return MeterConfig.class; }
            public int id() { return id; }
            public String description() { return "Main E-meter"; }
            public String location() { return "Hall"; }
            public String kind() { return kind; }
            public double impulses_per_unit() { return impulses; }
            public double calorific_value() { return calorific; }
            public String reading_value() { return readingValue; }
            public String reading_at() { return readingAt; }
        };
    }

    @Test
    void readsTheConfiguration() {
        ConfiguredMeter meter = new ConfiguredMeter(config(21, "Gas", 100));
        assertThat(meter.id()).isEqualTo(21);
        assertThat(meter.kind()).isEqualTo(MeterKind.GAS);
        assertThat(meter.impulsesPerUnit()).isEqualTo(100);
        assertThat(meter.description()).isEqualTo("Main E-meter");
    }

    @Test
    void refusesWhatCannotBeAMeter() {
        assertThatThrownBy(() -> new ConfiguredMeter(config(0, "electricity", 1000))).hasMessageContaining("id");
        assertThatThrownBy(() -> new ConfiguredMeter(config(21, "electricity", 0))).hasMessageContaining("impulses.per.unit");
        assertThatThrownBy(() -> new ConfiguredMeter(config(21, "electricity", Double.NaN))).hasMessageContaining("impulses.per.unit");
        assertThatThrownBy(() -> new ConfiguredMeter(config(21, "steam", 1000))).hasMessageContaining("electricity, gas or water");
    }

    @Test
    void aGasMeterHasItsCalorificValueAndOthersNone() {
        assertThat(new ConfiguredMeter(config(30, "gas", 100, 9.77, "", "")).calorificValue()).isEqualTo(9.77);
        assertThat(new ConfiguredMeter(config(30, "gas", 100)).calorificValue()).isZero();
        // meaningless for electricity: ignored (with a warning), not an error
        assertThat(new ConfiguredMeter(config(21, "electricity", 1000, 9.77, "", "")).calorificValue()).isZero();
        assertThatThrownBy(() -> new ConfiguredMeter(config(30, "gas", 100, -1, "", ""))).hasMessageContaining("calorific.value")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> new ConfiguredMeter(config(30, "gas", 100, Double.NaN, "", ""))).hasMessageContaining("calorific.value");
        assertThatThrownBy(() -> new ConfiguredMeter(config(30, "gas", 100, Double.POSITIVE_INFINITY, "", "")))
                .hasMessageContaining("calorific.value");
    }

    @Test
    void aReadingAtAnInstantOrALocalDateTimeInTheSystemZone() {
        assertThat(new ConfiguredMeter(config(21, "electricity", 1000)).reading()).isEmpty();
        assertThat(new ConfiguredMeter(config(21, "electricity", 1000, 0, " 12345.6 ", "2025-01-01T08:00:00Z"), AMSTERDAM).reading())
                .contains(new MeterReading(12345.6, Instant.parse("2025-01-01T08:00:00Z")));
        assertThat(new ConfiguredMeter(config(21, "electricity", 1000, 0, "7", "2025-07-01T09:30+02:00"), AMSTERDAM).reading())
                .contains(new MeterReading(7, Instant.parse("2025-07-01T07:30:00Z")));
        // local: 09:00 in Amsterdam, winter (+1) and summer (+2)
        assertThat(new ConfiguredMeter(config(21, "electricity", 1000, 0, "0", "2025-01-01T09:00"), AMSTERDAM).reading())
                .contains(new MeterReading(0, Instant.parse("2025-01-01T08:00:00Z")));
        assertThat(new ConfiguredMeter(config(21, "electricity", 1000, 0, "0", "2025-07-01T09:00:00"), AMSTERDAM).reading())
                .contains(new MeterReading(0, Instant.parse("2025-07-01T07:00:00Z")));
    }

    @Test
    void aReadingNeedsBothKeysAValueAndATime() {
        assertThatThrownBy(() -> new ConfiguredMeter(config(21, "electricity", 1000, 0, "12", "")))
                .hasMessageContaining("reading.value but no reading.at");
        assertThatThrownBy(() -> new ConfiguredMeter(config(21, "electricity", 1000, 0, " ", "2025-01-01T09:00")))
                .hasMessageContaining("reading.at but no reading.value");
        assertThatThrownBy(() -> new ConfiguredMeter(config(21, "electricity", 1000, 0, "twelve", "2025-01-01T09:00")))
                .hasMessageContaining("reading.value").hasMessageContaining("twelve");
        assertThatThrownBy(() -> new ConfiguredMeter(config(21, "electricity", 1000, 0, "-5", "2025-01-01T09:00")))
                .hasMessageContaining("reading.value").hasMessageContaining("-5");
        assertThatThrownBy(() -> new ConfiguredMeter(config(21, "electricity", 1000, 0, "Infinity", "2025-01-01T09:00")))
                .hasMessageContaining("reading.value");
        assertThatThrownBy(() -> new ConfiguredMeter(config(21, "electricity", 1000, 0, "5", "yesterday")))
                .hasMessageContaining("reading.at").hasMessageContaining("'yesterday'");
        // a date is its local midnight, as everywhere else in emon (the shared time parser)
        assertThat(new ConfiguredMeter(config(21, "electricity", 1000, 0, "5", "2025-01-01")).reading().orElseThrow().at())
                .isEqualTo(java.time.LocalDate.parse("2025-01-01").atStartOfDay(java.time.ZoneId.systemDefault()).toInstant());
    }
}
