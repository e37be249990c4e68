package org.emon.api.auth;

import java.nio.file.Path;
import java.time.Instant;

/**
 * The result of replacing the token signing key.
 *
 * @param keyFile where the new key is kept (owner-only permissions)
 * @param bits    the new key's length
 * @param rotatedAt when it replaced the old one; every token issued before is refused from then on
 */
public record KeyRotation(Path keyFile, int bits, Instant rotatedAt) {
}
