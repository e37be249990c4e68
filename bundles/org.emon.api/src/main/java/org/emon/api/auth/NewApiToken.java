package org.emon.api.auth;

import java.util.Objects;

/**
 * A token just created: its description and its secret, which is not kept anywhere and cannot be
 * shown again.
 */
public record NewApiToken(ApiToken token, String secret) {
    public NewApiToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(secret, "secret");
    }

    /** Without the secret, so that a log line cannot leak it. */
    @Override
    public String toString() {
        return "NewApiToken[" + token + "]";
    }
}
