package org.emon.auth.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void freeAttemptsThenGrowingDelay() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.waitFor("admin")).isZero();
            throttle.failed("admin");
        }
        assertThat(throttle.waitFor("admin")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.waitFor("ADMIN")).as("case does not evade").isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.waitFor("someone-else")).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.waitFor("admin")).isZero();
        throttle.failed("admin");
        assertThat(throttle.waitFor("admin")).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 20; i++) {
            throttle.failed("admin");
        }
        assertThat(throttle.waitFor("admin")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void successAndQuietWindowForget() {
        for (int i = 0; i < 6; i++) {
            throttle.failed("alice");
            throttle.failed("bob");
        }
        assertThat(throttle.waitFor("alice")).isPositive();
        throttle.succeeded("alice");
        assertThat(throttle.waitFor("alice")).isZero();
        clock.advance(Duration.ofMinutes(16));
        assertThat(throttle.waitFor("bob")).isZero();
        throttle.failed("bob");
        assertThat(throttle.waitFor("bob")).isZero();
    }
}
