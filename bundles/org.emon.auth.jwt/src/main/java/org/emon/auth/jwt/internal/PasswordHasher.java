package org.emon.auth.jwt.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.emon.api.auth.UserAdmin;

/**
 * Slow password hashing with PBKDF2-HMAC-SHA256 from the JDK. Encoded form:
 * {@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}; the iteration count travels with
 * each hash, so raising the configured count later still verifies old hashes (and
 * {@link #needsRehash} tells when to upgrade them).
 */
public final class PasswordHasher {

    static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256; also the enforced minimum. */
    static final int DEFAULT_ITERATIONS = 600_000;
    static final int MIN_ITERATIONS = 600_000;
    static final int MAX_ITERATIONS = 10_000_000;
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    /** Longer passwords are refused outright (bounds the work a request can ask for). */
    static final int MAX_PASSWORD_LENGTH = UserAdmin.MAX_PASSWORD_LENGTH;

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final int iterations;
    private final SecureRandom random;
    /** Verification target for unknown users: same salt size, same iterations, never matches. */
    private final byte[] dummySalt;
    private final byte[] dummyHash;
    private final AtomicLong derivations = new AtomicLong();

    /** Production path: refuses fewer than {@value #MIN_ITERATIONS} iterations. */
    public PasswordHasher(int iterations) {
        this(checkStrong(iterations), new SecureRandom());
    }

    private PasswordHasher(int iterations, SecureRandom random) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 iterations must be 1.." + MAX_ITERATIONS + ": " + iterations);
        }
        this.iterations = iterations;
        this.random = random;
        this.dummySalt = new byte[SALT_BYTES];
        random.nextBytes(dummySalt);
        this.dummyHash = new byte[HASH_BYTES];
        random.nextBytes(dummyHash);
    }

    /** Unit tests only: a weak iteration count so that tests stay fast. Never used by the component. */
    static PasswordHasher insecureForTests(int iterations) {
        return new PasswordHasher(iterations, new SecureRandom());
    }

    private static int checkStrong(int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException(
                    "PBKDF2 iterations must be at least " + MIN_ITERATIONS + ", got " + iterations);
        }
        return iterations;
    }

    int iterations() {
        return iterations;
    }

    /** How many key derivations ran (lets tests prove that the unknown-user path costs the same). */
    long derivations() {
        return derivations.get();
    }

    /** Hashes a password with a fresh random salt. */
    public String hash(String password) {
        if (password == null || password.isEmpty() || password.length() > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password must be 1.." + MAX_PASSWORD_LENGTH + " characters");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        return SCHEME + "$" + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * True if {@code password} matches {@code encoded}. Malformed or tampered encodings, empty and
     * over-long passwords give false, never an exception. The comparison is constant-time.
     */
    public boolean verify(String password, String encoded) {
        if (!acceptable(password)) {
            return false;
        }
        Parsed p = parse(encoded);
        if (p == null) {
            // Still spend the usual time: a broken entry must not be told apart by timing either.
            return verifyDummy(password);
        }
        byte[] actual = derive(password, p.salt, p.iterations);
        return MessageDigest.isEqual(actual, p.hash);
    }

    /**
     * Does the same work as checking a real password at the configured cost, and always answers
     * false: for unknown users, so that they cannot be told from wrong passwords by timing.
     */
    public boolean verifyDummy(String password) {
        if (!acceptable(password)) {
            return false;
        }
        byte[] actual = derive(password, dummySalt, iterations);
        MessageDigest.isEqual(actual, dummyHash);
        return false;
    }

    /** True if the hash was made with fewer iterations than configured now (or cannot be read). */
    public boolean needsRehash(String encoded) {
        Parsed p = parse(encoded);
        return p == null || p.iterations < iterations;
    }

    /** True if {@code encoded} is a well-formed hash in this class's format. */
    static boolean isWellFormed(String encoded) {
        return parse(encoded) != null;
    }

    private static boolean acceptable(String password) {
        return password != null && !password.isEmpty() && password.length() <= MAX_PASSWORD_LENGTH;
    }

    private byte[] derive(String password, byte[] salt, int rounds) {
        derivations.incrementAndGet();
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, rounds, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String encoded) {
        if (encoded == null || encoded.length() > 512) {
            return null;
        }
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return null;
        }
        try {
            if (!parts[1].matches("[1-9][0-9]{0,8}")) {
                return null;
            }
            int it = Integer.parseInt(parts[1]);
            byte[] salt = B64D.decode(parts[2].getBytes(StandardCharsets.US_ASCII));
            byte[] hash = B64D.decode(parts[3].getBytes(StandardCharsets.US_ASCII));
            if (it > MAX_ITERATIONS || salt.length < SALT_BYTES || salt.length > 64 || hash.length != HASH_BYTES) {
                return null;
            }
            return new Parsed(it, salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
