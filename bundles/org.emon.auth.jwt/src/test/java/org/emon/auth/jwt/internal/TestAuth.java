package org.emon.auth.jwt.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** An AuthService over a temporary directory with a cheap hasher and an admin password from "env". */
final class TestAuth {

    static final String ADMIN_PASSWORD = "admin-test-password";
    /** A documentation address (RFC 5737) for the client of test logins. */
    static final String CLIENT = "192.0.2.1";

    private TestAuth() {
    }

    static AuthService create(Path dir, MutableClock clock, PasswordHasher hasher) {
        return create(dir, clock, hasher, LoginThrottle.Settings.DEFAULT);
    }

    static AuthService create(Path dir, MutableClock clock, PasswordHasher hasher, LoginThrottle.Settings throttle) {
        AuthService.Settings settings = new AuthService.Settings(Duration.ofSeconds(3600), "emon", "emon",
                dir.resolve("users.properties"), dir.resolve("jwt.key"), dir.resolve("api-tokens"), PasswordHasher.MIN_ITERATIONS, throttle);
        return new AuthService(settings, Map.of(AdminBootstrap.ENV_VAR, ADMIN_PASSWORD)::get,
                new PrintStream(new ByteArrayOutputStream()), clock, hasher);
    }
}
