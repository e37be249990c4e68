package org.emon.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class TotalGuardTest {

    private final TotalGuard guard = new TotalGuard();

    @Test
    void zeroIsNeverPublished() {
        assertThat(guard.admit("t", BigDecimal.ZERO)).isFalse();
        assertThat(guard.admit("t", new BigDecimal("0.000"))).isFalse();
    }

    @Test
    void aTotalMayStayOrGrowButNeverDrop() {
        assertThat(guard.admit("t", new BigDecimal("12.5"))).isTrue();
        assertThat(guard.admit("t", new BigDecimal("12.500"))).isTrue();
        assertThat(guard.admit("t", new BigDecimal("12.499"))).isFalse();
        assertThat(guard.admit("t", new BigDecimal("12.501"))).isTrue();
        assertThat(guard.admit("t", new BigDecimal("12.5"))).as("below the highest, not only below the last").isFalse();
        assertThat(guard.admit("other", new BigDecimal("1"))).as("each topic on its own").isTrue();
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
