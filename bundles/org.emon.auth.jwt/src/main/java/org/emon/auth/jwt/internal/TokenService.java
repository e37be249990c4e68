package org.emon.auth.jwt.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues and verifies HS256 JSON Web Tokens. Verification follows RFC 8725: the algorithm is pinned
 * to HS256 whatever the header says; iss, aud, sub, iat and exp are required and checked, with at
 * most {@value #CLOCK_SKEW_SECONDS} s of clock skew (also for nbf when present); no
 * compression, no encryption, no unsecured tokens, no critical extensions; over-long input is
 * refused before it is parsed.
 */
public final class TokenService {

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

    static final String ALGORITHM = "HS256";
    static final String ROLE_CLAIM = "role";
    /** A fingerprint of the user's password hash when the token was issued (see AuthService). */
    static final String CREDENTIAL_CLAIM = "cred";
    static final int MAX_TOKEN_LENGTH = 4096;
    static final long CLOCK_SKEW_SECONDS = 60;
    /** Tokens whose signature and claims were checked, kept so that a client's next request skips the HMAC and parsing. */
    static final int VERIFIED_CACHE_SIZE = 1024;
    /** Three base64url parts; a signed JWS always has a non-empty signature. */
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private final SecretKey key;
    private final String issuer;
    private final String audience;
    private final Duration lifetime;
    private final Clock clock;
    private final JwtParser parser;
    /**
     * Only tokens that passed every check, by their exact text; an entry holds the times that decide
     * whether the token is valid at a later instant, checked on every hit as the parser checks them.
     */
    private final ConcurrentMap<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(VerifiedToken token, Instant issuedAt, Instant notBefore) {

        boolean validAt(Instant now) {
            return !now.minusSeconds(CLOCK_SKEW_SECONDS).isAfter(token.expiresAt())
                    && !issuedAt.isAfter(now.plusSeconds(CLOCK_SKEW_SECONDS))
                    && (notBefore == null || !notBefore.isAfter(now.plusSeconds(CLOCK_SKEW_SECONDS)));
        }
    }

    public TokenService(SecretKey key, String issuer, String audience, Duration lifetime, Clock clock) {
        this.key = Objects.requireNonNull(key);
        this.issuer = requireText(issuer, "issuer");
        this.audience = requireText(audience, "audience");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive: " + lifetime);
        }
        this.lifetime = lifetime;
        this.clock = Objects.requireNonNull(clock);
        this.parser = Jwts.parser()
                .verifyWith(key)
                .requireIssuer(this.issuer)
                .requireAudience(this.audience)
                .clockSkewSeconds(CLOCK_SKEW_SECONDS)
                .clock(() -> Date.from(this.clock.instant()))
                .sig().clear().add(Jwts.SIG.HS256).and()
                .zip().clear().and()
                .build();
    }

    private static String requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return s;
    }

    Duration lifetime() {
        return lifetime;
    }

    /** Signs a token for {@code username} in {@code role}, valid from now for the configured lifetime. */
    public IssuedToken issue(String username, String role) {
        return issue(username, role, null);
    }

    /** As {@link #issue(String, String)}, with a credential fingerprint claim unless it is null. */
    public IssuedToken issue(String username, String role, String credential) {
        // JWT times are whole seconds: truncate so that the reported expiry equals the token's exp.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(lifetime);
        var builder = Jwts.builder()
                .header().type("JWT").and()
                .issuer(issuer)
                .audience().single(audience)
                .subject(username)
                .claim(ROLE_CLAIM, role)
                .issuedAt(Date.from(now))
                .expiration(Date.from(expires));
        if (credential != null) {
            builder.claim(CREDENTIAL_CLAIM, credential);
        }
        String token = builder.signWith(key, Jwts.SIG.HS256).compact();
        return new IssuedToken(token, username, role, expires);
    }

    /**
     * Whether the signature is base64url exactly as it encodes: a decoder ignores the unused low
     * bits of the last character, so without this check several spellings of one signature would
     * all be accepted.
     */
    private static boolean canonicalSignature(String token) {
        String signature = token.substring(token.lastIndexOf('.') + 1);
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Base64.getUrlDecoder().decode(signature)).equals(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The token's content if it is valid now, else empty. Never throws for any input. */
    public Optional<VerifiedToken> verify(String token) {
        Verified known = token == null ? null : verified.get(token);
        if (known != null) {
            if (known.validAt(clock.instant())) {
                return Optional.of(known.token());
            }
            verified.remove(token);
            return Optional.empty();
        }
        if (token == null || token.length() > MAX_TOKEN_LENGTH || !COMPACT_JWS.matcher(token).matches()
                || !canonicalSignature(token)) {
            return Optional.empty();
        }
        try {
            Jws<Claims> jws = parser.parseSignedClaims(token);
            // Belt and braces: the parser only knows HS256, but never trust the header's choice.
            if (!ALGORITHM.equals(jws.getHeader().getAlgorithm())) {
                return Optional.empty();
            }
            Claims claims = jws.getPayload();
            Date exp = claims.getExpiration();
            Date iat = claims.getIssuedAt();
            String subject = claims.getSubject();
            Object role = claims.get(ROLE_CLAIM);
            Object credential = claims.get(CREDENTIAL_CLAIM);
            Instant now = clock.instant();
            if (exp == null || iat == null
                    || iat.toInstant().isAfter(now.plusSeconds(CLOCK_SKEW_SECONDS))
                    || subject == null || !UserStore.USERNAME.matcher(subject).matches()
                    || !(role instanceof String) || !UserStore.ROLES.contains(role)
                    || (credential != null && !(credential instanceof String))) {
                return Optional.empty();
            }
            VerifiedToken valid = new VerifiedToken(subject, (String) role, exp.toInstant(), (String) credential);
            if (verified.size() >= VERIFIED_CACHE_SIZE) {
                verified.clear(); // bounded; only a signed token gets in, so only many real clients fill it
            }
            Date nbf = claims.getNotBefore();
            verified.put(token, new Verified(valid, iat.toInstant(), nbf == null ? null : nbf.toInstant()));
            return Optional.of(valid);
        } catch (RuntimeException e) {
            // JwtException and its kin, IllegalArgumentException, JSON errors: all mean "not valid".
            LOG.debug("Token refused: {}", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
