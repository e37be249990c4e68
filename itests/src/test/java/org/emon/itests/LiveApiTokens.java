package org.emon.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JSON Web Tokens made by hand (base64url JSON, HMAC or RSA), to present emon with every kind of
 * malformed token. With the instance's own key (data/emon/jwt.key) a forged token differs from a
 * valid one in exactly the defect under test; {@link LiveApiTokenAttackTest} shows first that a
 * correct forgery is accepted, so each refusal is the defect's doing.
 */
final class LiveApiTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private LiveApiTokens() {
    }

    /** The instance's HS256 secret, as emon keeps it: base64 in data/emon/jwt.key. */
    static byte[] key(LiveApiServer server) {
        Path file = server.home.resolve("data/emon/jwt.key");
        try {
            return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key " + file + " (moved by key rotation?)", e);
        }
    }

    /**
     * The claims of a token emon would issue to admin now: valid for 10 minutes. {@code cred}, an
     * opaque fingerprint of the user's password hash that ends a user's tokens when the password
     * changes, is taken from a token the server issued.
     */
    static Map<String, Object> validClaims() {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        try {
            Object cred = LiveApiHttp.JSON.readTree(payload(LiveApiServer.get().adminToken())).path("cred").asText(null);
            if (cred != null) {
                claims.put("cred", cred);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        claims.put("iss", "emon");
        claims.put("aud", "emon");
        claims.put("sub", LiveApiServer.ADMIN);
        claims.put("role", "admin");
        claims.put("iat", now);
        claims.put("exp", now + 600);
        return claims;
    }

    static Map<String, Object> header(String alg) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", alg);
        return header;
    }

    static String b64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    static String b64Json(Object value) {
        try {
            return b64(LiveApiHttp.JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** header.payload, unsigned. */
    static String signingInput(Map<String, Object> header, Map<String, Object> claims) {
        return b64Json(header) + "." + b64Json(claims);
    }

    /** header.payload.HMAC(jca, key), whatever the header's alg says. */
    static String hmac(Map<String, Object> header, Map<String, Object> claims, String jcaAlgorithm, byte[] key) {
        String input = signingInput(header, claims);
        return input + "." + b64(mac(jcaAlgorithm, key, input));
    }

    /** A token signed with emon's algorithm and key: what emon accepts if the claims are right. */
    static String hs256(Map<String, Object> claims, byte[] key) {
        return hmac(header("HS256"), claims, "HmacSHA256", key);
    }

    static String rsa(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
        String input = signingInput(header, claims);
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] mac(String jcaAlgorithm, byte[] key, String input) {
        try {
            Mac mac = Mac.getInstance(jcaAlgorithm);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, jcaAlgorithm));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded payload of a compact token. */
    static String payload(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }
}
