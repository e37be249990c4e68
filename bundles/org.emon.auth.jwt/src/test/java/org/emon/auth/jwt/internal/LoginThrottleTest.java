package org.emon.auth.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final String HOME = "192.0.2.10";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(user, address);
        }
    }

    @Test
    void freeAttemptsThenDoublingDelayUpToTheMaximum() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.waitFor("admin", HOME)).isZero();
            throttle.failed("admin", HOME);
        }
        assertThat(throttle.waitFor("admin", HOME)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.waitFor("ADMIN", "198.51.100.1")).as("case does not evade").isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.waitFor("someone-else", "198.51.100.1")).isZero();
        clock.advance(Duration.ofMillis(400));
        assertThat(throttle.waitFor("admin", HOME)).isEqualTo(Duration.ofMillis(600));
        clock.advance(Duration.ofMillis(600));
        assertThat(throttle.waitFor("admin", HOME)).isZero();
        throttle.failed("admin", HOME);
        assertThat(throttle.waitFor("admin", HOME)).isEqualTo(Duration.ofSeconds(2));
        throttle.failed("admin", HOME);
        assertThat(throttle.waitFor("admin", HOME)).isEqualTo(Duration.ofSeconds(4));
        fail("admin", HOME, 50);
        assertThat(throttle.waitFor("admin", HOME)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void successForgetsTheNameButNotTheAddress() {
        fail("alice", HOME, 6);
        assertThat(throttle.waitFor("alice", "198.51.100.1")).isPositive();
        throttle.succeeded("alice", "198.51.100.1");
        assertThat(throttle.waitFor("alice", "198.51.100.1")).isZero();
        assertThat(throttle.waitFor("alice", HOME)).as("the address still waits").isPositive();
    }

    @Test
    void aQuietWindowAfterTheBackOffForgets() {
        fail("bob", HOME, 7); // back-off 4 s
        clock.advance(Duration.ofSeconds(4).plus(Duration.ofMinutes(15)));
        assertThat(throttle.waitFor("bob", HOME)).as("not yet: exactly at the end of the window").isZero();
        throttle.failed("bob", HOME);
        assertThat(throttle.waitFor("bob", HOME)).as("the count went on").isEqualTo(Duration.ofSeconds(8));

        clock.advance(Duration.ofSeconds(8).plus(Duration.ofMinutes(15)).plusSeconds(1));
        throttle.failed("bob", HOME);
        assertThat(throttle.waitFor("bob", HOME)).as("forgotten: one failure is free").isZero();
    }

    @Test
    void theCappedBackOffIsNotAFreshStart() {
        // waiting out the longest back-off must not hand out another five free attempts
        fail("carol", HOME, 40);
        clock.advance(Duration.ofMinutes(15));
        assertThat(throttle.waitFor("carol", HOME)).isZero();
        throttle.failed("carol", HOME);
        assertThat(throttle.waitFor("carol", HOME)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void configurableShortValuesForLiveTests() {
        LoginThrottle quick = new LoginThrottle(clock, new LoginThrottle.Settings(3, Duration.ofSeconds(5),
                Duration.ofSeconds(1), Duration.ofSeconds(2), 100));
        for (int i = 0; i < 3; i++) {
            quick.failed("dave", HOME);
        }
        assertThat(quick.waitFor("dave", HOME)).isEqualTo(Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            quick.failed("dave", HOME);
        }
        assertThat(quick.waitFor("dave", HOME)).isEqualTo(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(8));
        quick.failed("dave", HOME);
        assertThat(quick.waitFor("dave", HOME)).isZero();
        assertThatThrownBy(() -> new LoginThrottle.Settings(0, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(2), 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginThrottle.Settings(3, Duration.ofSeconds(5), Duration.ofSeconds(3),
                Duration.ofSeconds(2), 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBurstOfParallelAttemptsIsCountedAsItBeginsNotWhenItsPasswordIsChecked() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.begin("admin", HOME)).as("attempt %d of a burst", i + 1).isZero();
        }
        // none of the five has been checked yet: the sixth must wait all the same
        assertThat(throttle.begin("admin", HOME)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.begin("admin", "198.51.100.7")).as("the name waits from anywhere").isEqualTo(Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            throttle.refused("admin", HOME);
        }
        assertThat(throttle.waitFor("admin", HOME)).as("five checked failures, as five in a row").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anAttemptNeverCheckedCountsNeitherWay() {
        for (int i = 0; i < 5; i++) {
            throttle.begin("admin", HOME);
            throttle.abandoned("admin", HOME);
        }
        assertThat(throttle.begin("admin", HOME)).isZero();
    }

    @Test
    void guessesFromElsewhereDoNotLockAUserOutOfWhereTheyLoggedInBefore() {
        assertThat(throttle.begin("admin", HOME)).isZero();
        throttle.succeeded("admin", HOME);
        String attacker = "203.0.113.66";
        for (int i = 0; i < 6; i++) {
            if (throttle.begin("admin", attacker).isZero()) {
                throttle.refused("admin", attacker);
            }
        }
        assertThat(throttle.begin("admin", attacker)).isPositive();
        assertThat(throttle.begin("admin", "198.51.100.9")).as("a new place waits for the name's count").isPositive();
        assertThat(throttle.begin("admin", HOME)).as("home logged in as admin before").isZero();
    }

    @Test
    void aSuccessKeepsTheAddressCount() {
        for (int i = 0; i < 4; i++) {
            throttle.begin("mallory-" + i, HOME);
            throttle.refused("mallory-" + i, HOME);
        }
        assertThat(throttle.begin("alice", HOME)).isZero();
        throttle.succeeded("alice", HOME);
        // the address keeps its four: one more failure makes five, then it waits
        assertThat(throttle.begin("bob", HOME)).isZero();
        throttle.refused("bob", HOME);
        assertThat(throttle.begin("carol", HOME)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void memoryStaysBoundedWhenNamesAndAddressesRotate() {
        LoginThrottle small = new LoginThrottle(clock, new LoginThrottle.Settings(5, Duration.ofMinutes(15),
                Duration.ofSeconds(1), Duration.ofMinutes(15), 1_000));
        for (int i = 0; i < 200_000; i++) {
            small.failed("user" + i, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        assertThat(small.size()).isEqualTo(2_000);
        // the most recent keys are the ones kept
        for (int i = 0; i < 4; i++) {
            small.failed("user199999", "10.3.13.63");
        }
        assertThat(small.waitFor("user199999", "198.51.100.1")).isPositive();
        assertThat(small.waitFor("user0", "198.51.100.1")).isZero();
    }

    @Test
    void addressKeys() {
        assertThat(LoginThrottle.addressKey("192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(LoginThrottle.addressKey("::ffff:192.0.2.1")).as("mapped IPv4").isEqualTo("192.0.2.1");
        assertThat(LoginThrottle.addressKey("010.000.0.1")).isEqualTo("10.0.0.1");
        assertThat(LoginThrottle.addressKey("999.1.1.1")).as("not an address").isEqualTo("999.1.1.1");
        assertThat(LoginThrottle.addressKey("2001:db8:1:2::1"))
                .isEqualTo(LoginThrottle.addressKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff"))
                .isEqualTo(LoginThrottle.addressKey("[2001:db8:1:2::5]"))
                .isEqualTo(LoginThrottle.addressKey("2001:db8:1:2::5%eth0"))
                .isEqualTo("v6:20010db800010002/64");
        assertThat(LoginThrottle.addressKey("2001:db8:1:3::1")).isNotEqualTo(LoginThrottle.addressKey("2001:db8:1:2::1"));
        assertThat(LoginThrottle.addressKey(null)).isEmpty();
        // never a DNS look-up: names and junk are opaque keys, bounded in length
        assertThat(LoginThrottle.addressKey("example.org")).isEqualTo("example.org");
        assertThat(LoginThrottle.addressKey("dead")).isEqualTo("dead");
        assertThat(LoginThrottle.addressKey("x".repeat(500))).hasSize(64);
        assertThat(LoginThrottle.addressKey(":::::")).isEqualTo(":::::");
    }

    @Test
    void delays() {
        assertThat(throttle.delay(4)).isZero();
        assertThat(throttle.delay(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.delay(14)).isEqualTo(Duration.ofSeconds(512));
        assertThat(throttle.delay(15)).isEqualTo(Duration.ofMinutes(15));
        assertThat(throttle.delay(1_000)).isEqualTo(Duration.ofMinutes(15));
    }
}
