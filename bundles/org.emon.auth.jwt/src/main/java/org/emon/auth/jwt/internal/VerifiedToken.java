package org.emon.auth.jwt.internal;

import java.time.Instant;

/** What a valid token says: who, in which role, until when. */
public record VerifiedToken(String username, String role, Instant expiresAt) {
}
