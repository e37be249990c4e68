package org.emon.auth.jwt.internal;

import java.time.Duration;

/** Result of a login attempt. {@code token} is set only for {@link Kind#SUCCESS}. */
public record LoginOutcome(Kind kind, IssuedToken token, Duration retryAfter) {

    public enum Kind {
        /** Right name and password: a token was issued. */
        SUCCESS,
        /** Unknown name, wrong or empty password: all look the same to the client. */
        REFUSED,
        /** Too many recent failures for this name. */
        THROTTLED,
        /** Too many logins being checked at once. */
        BUSY
    }

    static LoginOutcome success(IssuedToken token) {
        return new LoginOutcome(Kind.SUCCESS, token, Duration.ZERO);
    }

    static LoginOutcome refused() {
        return new LoginOutcome(Kind.REFUSED, null, Duration.ZERO);
    }

    static LoginOutcome throttled(Duration retryAfter) {
        return new LoginOutcome(Kind.THROTTLED, null, retryAfter);
    }

    static LoginOutcome busy() {
        return new LoginOutcome(Kind.BUSY, null, Duration.ofSeconds(1));
    }
}
