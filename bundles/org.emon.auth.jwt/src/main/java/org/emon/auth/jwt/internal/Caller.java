package org.emon.auth.jwt.internal;

import java.util.Set;

import org.emon.api.auth.ApiTokenScope;
import org.emon.api.rest.RestProperties;

/**
 * Who sent a request and which roles the REST layer may grant it. A user's roles come from its
 * role only (so never {@code ingest} or {@code metrics}); an API token's from its scope only.
 *
 * @param name the user name, or {@code token:<name>} for an API token (no user name holds a colon)
 */
record Caller(String name, Set<String> roles) {

    static final String TOKEN_PREFIX = "token:";

    Caller {
        roles = Set.copyOf(roles);
    }

    /** A logged-in user: an admin may also do what a viewer may. */
    static Caller user(String username, String role) {
        return new Caller(username, RestProperties.ROLE_ADMIN.equals(role)
                ? Set.of(RestProperties.ROLE_ADMIN, RestProperties.ROLE_VIEWER)
                : RestProperties.ROLE_VIEWER.equals(role) ? Set.of(RestProperties.ROLE_VIEWER) : Set.of());
    }

    /** An API token: {@code read} as a viewer, {@code admin} as an admin, the others their own role only. */
    static Caller token(String tokenName, ApiTokenScope scope) {
        Set<String> roles = switch (scope) {
            case READ -> Set.of(RestProperties.ROLE_VIEWER);
            case METRICS -> Set.of(RestProperties.ROLE_METRICS);
            case INGEST -> Set.of(RestProperties.ROLE_INGEST);
            case ADMIN -> Set.of(RestProperties.ROLE_ADMIN, RestProperties.ROLE_VIEWER);
        };
        return new Caller(TOKEN_PREFIX + tokenName, roles);
    }
}
