package org.emon.api.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * An API token as anyone may see it: never its secret, which is shown once at creation only.
 *
 * @param lastUsed when it last authenticated a request (to the minute), or {@code null} if never
 */
public record ApiToken(String name, ApiTokenScope scope, Instant created, Instant lastUsed) {
    public ApiToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(created, "created");
    }
}
