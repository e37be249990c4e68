package org.emon.auth.jwt.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HS256 signing secret: 32 random bytes made on the first start and kept, base64-encoded, in a
 * file readable by its owner only. A key shorter than 256 bits is refused, not replaced: replacing
 * it silently would hide that someone put a weak key there.
 */
final class SigningKeyStore {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeyStore.class);

    static final int KEY_BYTES = 32;
    static final String JCA_ALGORITHM = "HmacSHA256";

    private SigningKeyStore() {
    }

    static SecretKey loadOrCreate(Path file, SecureRandom random) throws IOException {
        Path path = file.toAbsolutePath();
        if (Files.exists(path)) {
            return load(path);
        }
        SecretKey key = create(path, random);
        LOG.info("Generated a new {}-bit token signing key in {}", KEY_BYTES * 8, path);
        return key;
    }

    /**
     * Writes a new random key over the old one (atomically: a crash leaves either the old or the
     * new key, never a torn file) and returns it.
     */
    static SecretKey rotate(Path file, SecureRandom random) throws IOException {
        Path path = file.toAbsolutePath();
        SecretKey key = create(path, random);
        LOG.warn("Replaced the token signing key in {} with a new {}-bit key: every token issued before is refused",
                path, KEY_BYTES * 8);
        return key;
    }

    private static SecretKey create(Path path, SecureRandom random) throws IOException {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        byte[] encoded = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            SecureFiles.writeAtomically(path, encoded);
            return new SecretKeySpec(key, JCA_ALGORITHM);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(encoded, (byte) 0);
        }
    }

    private static SecretKey load(Path path) throws IOException {
        SecureFiles.restrictToOwner(path);
        String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
        String fix = " Delete " + path + " and restart to generate a new random key (tokens issued so far"
                + " become invalid), or put at least " + KEY_BYTES + " random bytes, base64-encoded, in it.";
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("The token signing key file " + path + " is not base64." + fix, e);
        }
        if (key.length < KEY_BYTES) {
            throw new IOException("The token signing key in " + path + " has only " + key.length * 8
                    + " bits; HS256 needs at least " + KEY_BYTES * 8 + "." + fix);
        }
        SecretKey secret = new SecretKeySpec(key, JCA_ALGORITHM);
        Arrays.fill(key, (byte) 0);
        return secret;
    }
}
