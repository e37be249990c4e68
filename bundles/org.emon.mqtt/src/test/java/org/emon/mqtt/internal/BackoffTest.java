package org.emon.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsDoubleFromOneSecondUpToTheMaximumAndAreForgottenOnSuccess() {
        Backoff backoff = new Backoff(5_000);
        assertThat(backoff.due(0)).isTrue();
        assertThat(backoff.failed(0)).isEqualTo(1_000);
        assertThat(backoff.due(999)).isFalse();
        assertThat(backoff.due(1_000)).isTrue();
        assertThat(backoff.failed(1_000)).isEqualTo(2_000);
        assertThat(backoff.failed(3_000)).isEqualTo(4_000);
        assertThat(backoff.failed(7_000)).isEqualTo(5_000);
        assertThat(backoff.failed(12_000)).isEqualTo(5_000);
        backoff.succeeded();
        assertThat(backoff.due(12_001)).isTrue();
        assertThat(backoff.failed(12_001)).isEqualTo(1_000);
    }
}
