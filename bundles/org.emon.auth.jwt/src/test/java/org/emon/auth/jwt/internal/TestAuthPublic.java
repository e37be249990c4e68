package org.emon.auth.jwt.internal;

import java.nio.file.Path;
import java.time.Instant;

/** For tests in other packages (org.emon.rest's): an AuthService over a directory, and logins. */
public final class TestAuthPublic {

    public static final String ADMIN_PASSWORD = TestAuth.ADMIN_PASSWORD;

    private TestAuthPublic() {
    }

    /** With user {@code admin} ({@link #ADMIN_PASSWORD}), a cheap hasher and a clock at a fixed time. */
    public static AuthService create(Path dir) {
        return TestAuth.create(dir, new MutableClock(Instant.now()), PasswordHasher.insecureForTests(1_000));
    }

    /** A login token, or an AssertionError. */
    public static String login(AuthService auth, String name, String password) {
        LoginOutcome outcome = auth.login(name, password, TestAuth.CLIENT);
        if (outcome.token() == null) {
            throw new AssertionError("login of " + name + " failed: " + outcome.kind());
        }
        return outcome.token().token();
    }
}
