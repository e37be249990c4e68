package org.emon.api.auth;

import java.io.IOException;

import org.osgi.annotation.versioning.ProviderType;

/** The key that signs emon's access tokens. */
@ProviderType
public interface TokenAdmin {

    /**
     * Replaces the signing key with a new random one (at least 256 bits), written atomically to a
     * file readable by its owner only. Every token issued before is refused from now on, so every
     * user has to log in again.
     *
     * @throws IOException if the new key cannot be written; the old key then stays in use
     */
    KeyRotation rotateSigningKey() throws IOException;
}
