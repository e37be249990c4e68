package org.emon.auth.jwt.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** An AuthService over a temporary directory with a cheap hasher and an admin password from "env". */
final class TestAuth {

    static final String ADMIN_PASSWORD = "admin-test-password";

    private TestAuth() {
    }

    static AuthService create(Path dir, MutableClock clock, PasswordHasher hasher) {
        AuthService.Settings settings = new AuthService.Settings(Duration.ofSeconds(3600), "emon", "emon",
                dir.resolve("users.properties"), dir.resolve("jwt.key"), PasswordHasher.MIN_ITERATIONS);
        return new AuthService(settings, Map.of(AdminBootstrap.ENV_VAR, ADMIN_PASSWORD)::get,
                new PrintStream(new ByteArrayOutputStream()), clock, hasher);
    }
}
