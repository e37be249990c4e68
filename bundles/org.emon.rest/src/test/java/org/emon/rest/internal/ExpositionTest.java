package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExpositionTest {

    @Test
    void familiesHaveHelpAndTypeBeforeTheirSamples() {
        String text = new Exposition().family("a_total", "counter", "Things.\\ counted\nhere").sample(3)
                .family("b", "gauge", "B.").sample(1.5, "x", "1", "y", "2").toString();
        assertThat(text).isEqualTo("# HELP a_total Things.\\\\ counted\\nhere\n# TYPE a_total counter\na_total 3\n"
                + "# HELP b B.\n# TYPE b gauge\nb{x=\"1\",y=\"2\"} 1.5\n");
    }

    @Test
    void labelValuesAreEscaped() {
        String text = new Exposition().family("m", "gauge", "M.").sample(1, "source", "a\"b\\c\nd").toString();
        assertThat(text).endsWith("m{source=\"a\\\"b\\\\c\\nd\"} 1\n");
    }

    @Test
    void numbersAsPrometheusReadsThem() {
        assertThat(Exposition.number(12)).isEqualTo("12");
        assertThat(Exposition.number(-0.25)).isEqualTo("-0.25");
        assertThat(Exposition.number(1e20)).isEqualTo("1.0E20");
        assertThat(Exposition.number(Double.NaN)).isEqualTo("NaN");
        assertThat(Exposition.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(Exposition.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    }

    @Test
    void aFamilyIsWrittenOnceAndSamplesNeedOne() {
        Exposition e = new Exposition().family("m", "gauge", "M.");
        assertThatThrownBy(() -> e.family("m", "gauge", "again")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Exposition().sample(1)).isInstanceOf(IllegalStateException.class);
    }
}
