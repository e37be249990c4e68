package org.emon.auth.jwt.internal;

import java.time.Instant;

/** A freshly signed token and what it carries. */
public record IssuedToken(String token, String username, String role, Instant expiresAt) {
    @Override
    public String toString() {
        return "IssuedToken[" + username + ", " + role + ", expires " + expiresAt + "]";
    }
}
