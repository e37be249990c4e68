package org.emon.auth.jwt.internal;

import java.time.Instant;

/**
 * What a valid token says: who, in which role, until when; {@code credential} is the fingerprint
 * of the password hash it was issued against (null if the token has none).
 */
public record VerifiedToken(String username, String role, Instant expiresAt, String credential) {
}
