package org.emon.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;

import org.emon.api.MeterKind;
import org.junit.jupiter.api.Test;

class ConfiguredMeterTest {

    static MeterConfig config(int id, String kind, double impulses) {
        return new MeterConfig() {
            public Class<? extends Annotation> annotationType() { return MeterConfig.class; }
            public int id() { return id; }
            public String description() { return "Main E-meter"; }
            public String location() { return "Hall"; }
            public String kind() { return kind; }
            public double impulses_per_unit() { return impulses; }
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
}
