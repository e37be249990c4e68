package org.emon.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Example;

/**
 * Issue 6, test 4: password guessing is throttled. Five wrong passwords in a row are answered
 * 401; the sixth within the minute is 429 with Retry-After, and so is the right password while
 * the back-off lasts (else the throttle would tell a guesser which guess was right); after
 * Retry-After the right password works. Each example sends from a loopback address of its own.
 */
class LiveApiThrottleTest {

    private final LiveApiServer emon = LiveApiServer.get();

    @Example
    void theSixthWrongPasswordIs429AndTheRightOneWorksAfterRetryAfter() throws Exception {
        InetAddress from = LiveApiHttp.loopback(0, 6, 1);
        try {
            for (int i = 1; i <= 5; i++) {
                LiveApiHttp.Response r = login(from, LiveApiServer.ADMIN, "wrong-password-" + i);
                assertThat(r.status()).as("wrong password %d: %s", i, r).isEqualTo(401);
            }
            long sixthAt = System.nanoTime();
            LiveApiHttp.Response sixth = login(from, LiveApiServer.ADMIN, "wrong-password-6");
            assertThat(sixth.status()).as("the 6th wrong password: %s", sixth).isEqualTo(429);
            assertThat(sixth.json().path("status").asInt()).isEqualTo(429);
            assertThat(sixth.json().path("message").isTextual()).isTrue();
            String retryAfter = sixth.header("Retry-After");
            assertThat(retryAfter).as("Retry-After").isNotNull().matches("[1-9][0-9]*");

            LiveApiHttp.Response rightTooEarly = login(from, LiveApiServer.ADMIN, emon.password);
            assertThat(rightTooEarly.status()).as("the right password during the back-off: %s", rightTooEarly).isEqualTo(429);

            long waitMillis = Long.parseLong(retryAfter) * 1000 - (System.nanoTime() - sixthAt) / 1_000_000 + 200;
            assertThat(waitMillis).as("a back-off the test can wait for (see LiveApiServer.AUTH_CONFIG)").isLessThan(20_000);
            Thread.sleep(Math.max(0, waitMillis));
            LiveApiHttp.Response later = login(from, LiveApiServer.ADMIN, emon.password);
            assertThat(later.status()).as("the right password after Retry-After: %s", later).isEqualTo(200);
        } finally {
            awaitAdminLogin(from); // whatever failed, the other tests' logins are not left throttled
        }
    }

    /** Unknown names are throttled like real ones and answered like a wrong password, so neither reveals who exists. */
    @Example
    void anUnknownUserIsAnsweredAndThrottledLikeAWrongPassword() {
        InetAddress from = LiveApiHttp.loopback(0, 6, 2);
        String ghost = "ghost-" + System.nanoTime();
        List<Long> unknownNanos = new ArrayList<>();
        String unknownBody = null;
        for (int i = 1; i <= 5; i++) {
            long t = System.nanoTime();
            LiveApiHttp.Response r = login(from, ghost, "whatever-" + i);
            unknownNanos.add(System.nanoTime() - t);
            assertThat(r.status()).as("unknown user, attempt %d: %s", i, r).isEqualTo(401);
            unknownBody = r.text();
        }
        assertThat(login(from, ghost, "whatever-6").status()).as("the 6th attempt for an unknown name").isEqualTo(429);

        InetAddress other = LiveApiHttp.loopback(0, 6, 3);
        List<Long> wrongNanos = new ArrayList<>();
        String wrongBody = null;
        try {
            for (int i = 1; i <= 3; i++) {
                long t = System.nanoTime();
                LiveApiHttp.Response r = login(other, LiveApiServer.ADMIN, "not-the-password-" + i);
                wrongNanos.add(System.nanoTime() - t);
                wrongBody = r.text();
            }
        } finally {
            awaitAdminLogin(other);
        }
        assertThat(unknownBody).as("the same answer for an unknown user and a wrong password").isEqualTo(wrongBody);
        long unknown = median(unknownNanos);
        long wrong = median(wrongNanos);
        // both cost one PBKDF2 derivation: a 3x gap would be visible to anyone timing logins
        assertThat((double) Math.max(unknown, wrong) / Math.min(unknown, wrong))
                .as("median time unknown user %d ms vs wrong password %d ms", unknown / 1_000_000, wrong / 1_000_000).isLessThan(3.0);
    }

    /**
     * Throttling per client address: one address trying many names
     * (password spraying) is slowed as one name is.
     */
    @Example
    void oneAddressTryingManyNamesIsThrottledToo() {
        InetAddress from = LiveApiHttp.loopback(0, 6, 4);
        int first429 = 0;
        for (int i = 1; i <= 30 && first429 == 0; i++) {
            if (login(from, "spray-" + i + "-" + System.nanoTime(), "Winter2026!").status() == 429) {
                first429 = i;
            }
        }
        assertThat(first429).as("attempt that met 429 from one address with a new name each time").isBetween(2, 30);
        // another address is not affected
        assertThat(login(LiveApiHttp.loopback(0, 6, 5), "spray-other", "Winter2026!").status()).isEqualTo(401);
    }

    private LiveApiHttp.Response login(InetAddress from, String username, String password) {
        return LiveApiHttp.request("POST", "/api/login").from(from).json(LiveApiServer.loginJson(username, password)).send(emon);
    }

    private void awaitAdminLogin(InetAddress from) throws AssertionError {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (login(from, LiveApiServer.ADMIN, emon.password).status() == 200) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("admin still cannot log in 30 s after the throttling test");
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
