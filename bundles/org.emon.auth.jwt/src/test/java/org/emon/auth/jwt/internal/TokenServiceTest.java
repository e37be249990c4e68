package org.emon.auth.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.jsonwebtoken.Jwts;

import org.junit.jupiter.api.Test;

class TokenServiceTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final byte[] secret = new byte[32];
    private final SecretKey key;
    private final MutableClock clock = new MutableClock(T0);
    private final TokenService tokens;

    TokenServiceTest() {
        new SecureRandom().nextBytes(secret);
        key = new SecretKeySpec(secret, "HmacSHA256");
        tokens = new TokenService(key, "emon", "emon", Duration.ofSeconds(3600), clock);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String b64(String json) {
        return b64(json.getBytes(StandardCharsets.UTF_8));
    }

    private String payload(Instant iat, Instant exp) {
        return "{\"iss\":\"emon\",\"aud\":\"emon\",\"sub\":\"alice\",\"role\":\"admin\",\"iat\":"
                + iat.getEpochSecond() + ",\"exp\":" + exp.getEpochSecond() + "}";
    }

    /** A token signed by hand with HMAC {@code jca} over the given header and payload. */
    private String handSigned(String headerJson, String payloadJson, String jca, byte[] keyBytes) throws Exception {
        String signingInput = b64(headerJson) + "." + b64(payloadJson);
        Mac mac = Mac.getInstance(jca);
        mac.init(new SecretKeySpec(keyBytes, jca));
        return signingInput + "." + b64(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void roundTripCarriesClaims() {
        IssuedToken issued = tokens.issue("alice", "admin");
        assertThat(issued.expiresAt()).isEqualTo(T0.plusSeconds(3600));
        VerifiedToken v = tokens.verify(issued.token()).orElseThrow();
        assertThat(v).isEqualTo(new VerifiedToken("alice", "admin", T0.plusSeconds(3600), null));

        var claims = Jwts.parser().verifyWith(key).clock(() -> Date.from(clock.instant())).build()
                .parseSignedClaims(issued.token());
        assertThat(claims.getHeader().getAlgorithm()).isEqualTo("HS256");
        assertThat(claims.getPayload().getIssuer()).isEqualTo("emon");
        assertThat(claims.getPayload().getAudience()).containsExactly("emon");
        assertThat(claims.getPayload().getSubject()).isEqualTo("alice");
        assertThat(claims.getPayload().get("role")).isEqualTo("admin");
        assertThat(claims.getPayload().getIssuedAt().toInstant()).isEqualTo(T0);
    }

    @Test
    void handSignedHs256IsAcceptedSoTheOtherHandMadeTestsAreMeaningful() throws Exception {
        String t = handSigned("{\"alg\":\"HS256\"}", payload(T0, T0.plusSeconds(600)), "HmacSHA256", secret);
        assertThat(tokens.verify(t)).isPresent();
    }

    @Test
    void expiredIsRefusedAndSkewOf60SecondsIsHonoured() {
        String token = tokens.issue("alice", "viewer").token();
        clock.set(T0.plusSeconds(3600 + 30));
        assertThat(tokens.verify(token)).isPresent();
        clock.set(T0.plusSeconds(3600 + 90));
        assertThat(tokens.verify(token)).isEmpty();
        clock.set(T0.plus(Duration.ofDays(2)));
        assertThat(tokens.verify(token)).isEmpty();
    }

    @Test
    void aTokenVerifiedOnceIsJudgedAgainAtEachLaterInstant() {
        String token = tokens.issue("alice", "viewer").token();
        assertThat(tokens.verify(token)).isPresent(); // now remembered as verified
        clock.set(T0.minusSeconds(90));
        assertThat(tokens.verify(token)).as("the clock went back: iat is 90 s in the future").isEmpty();
        clock.set(T0);
        assertThat(tokens.verify(token)).isPresent();
        assertThat(tokens.verify(token)).isPresent();
        clock.set(T0.plusSeconds(3600 + 61));
        assertThat(tokens.verify(token)).as("expired beyond the skew, though verified before").isEmpty();
        clock.set(T0.plusSeconds(3600));
        assertThat(tokens.verify(token)).as("forgotten, checked afresh").isPresent();
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BA" : "AA");
        assertThat(tokens.verify(tampered)).isEmpty();
    }

    @Test
    void aNotBeforeClaimIsHonouredAlsoForARememberedToken() throws Exception {
        String nbf = "{\"iss\":\"emon\",\"aud\":\"emon\",\"sub\":\"alice\",\"role\":\"admin\",\"iat\":"
                + T0.getEpochSecond() + ",\"nbf\":" + (T0.getEpochSecond() + 30) + ",\"exp\":"
                + (T0.getEpochSecond() + 3600) + "}";
        String token = handSigned("{\"alg\":\"HS256\"}", nbf, "HmacSHA256", secret);
        assertThat(tokens.verify(token)).as("nbf 30 s ahead is within skew").isPresent();
        clock.set(T0.minusSeconds(40));
        assertThat(tokens.verify(token)).as("nbf now 70 s ahead").isEmpty();
    }

    @Test
    void notYetValidIsRefused() throws Exception {
        String issuedLater = tokens.issue("alice", "admin").token();
        clock.set(T0.minusSeconds(90));
        assertThat(tokens.verify(issuedLater)).as("iat 90 s in the future").isEmpty();
        clock.set(T0.minusSeconds(30));
        assertThat(tokens.verify(issuedLater)).as("iat 30 s in the future is within skew").isPresent();

        clock.set(T0);
        String nbf = "{\"iss\":\"emon\",\"aud\":\"emon\",\"sub\":\"alice\",\"role\":\"admin\",\"iat\":"
                + T0.getEpochSecond() + ",\"nbf\":" + (T0.getEpochSecond() + 300) + ",\"exp\":"
                + (T0.getEpochSecond() + 3600) + "}";
        assertThat(tokens.verify(handSigned("{\"alg\":\"HS256\"}", nbf, "HmacSHA256", secret))).isEmpty();
    }

    @Test
    void tamperedPayloadIsRefused() {
        String[] parts = tokens.issue("alice", "viewer").token().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replace("\"viewer\"", "\"admin\"");
        assertThat(forged).isNotEqualTo(payload);
        assertThat(tokens.verify(parts[0] + "." + b64(forged) + "." + parts[2])).isEmpty();
    }

    @Test
    void tamperedSignatureIsRefused() {
        String[] parts = tokens.issue("alice", "viewer").token().split("\\.");
        byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        sig[5] ^= 0x01;
        assertThat(tokens.verify(parts[0] + "." + parts[1] + "." + b64(sig))).isEmpty();
        assertThat(tokens.verify(parts[0] + "." + parts[1] + ".")).isEmpty();
        assertThat(tokens.verify(parts[0] + "." + parts[1])).isEmpty();
    }

    @Test
    void algNoneIsRefused() {
        String p = payload(T0, T0.plusSeconds(600));
        assertThat(tokens.verify(b64("{\"alg\":\"none\"}") + "." + b64(p) + ".")).isEmpty();
        assertThat(tokens.verify(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(p) + ".")).isEmpty();
        // "none" with a signature part attached does not help either
        assertThat(tokens.verify(b64("{\"alg\":\"none\"}") + "." + b64(p) + "." + b64("x"))).isEmpty();
    }

    @Test
    void otherHmacAlgorithmsWithTheSameSecretAreRefused() throws Exception {
        String p = payload(T0, T0.plusSeconds(600));
        assertThat(tokens.verify(handSigned("{\"alg\":\"HS512\"}", p, "HmacSHA512", secret))).isEmpty();
        assertThat(tokens.verify(handSigned("{\"alg\":\"HS384\"}", p, "HmacSHA384", secret))).isEmpty();
        // header lies about the algorithm, signature is HS256
        assertThat(tokens.verify(handSigned("{\"alg\":\"HS512\"}", p, "HmacSHA256", secret))).isEmpty();
        assertThat(tokens.verify(handSigned("{\"alg\":\"hs256\"}", p, "HmacSHA256", secret))).isEmpty();
    }

    @Test
    void rs256IsRefused() throws Exception {
        var kpg = KeyPairGenerator.getInstance("RSA");
        kpg.initialize(2048);
        var pair = kpg.generateKeyPair();
        String signingInput = b64("{\"alg\":\"RS256\"}") + "." + b64(payload(T0, T0.plusSeconds(600)));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(pair.getPrivate());
        s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        assertThat(tokens.verify(signingInput + "." + b64(s.sign()))).isEmpty();
    }

    @Test
    void wrongIssuerOrAudienceIsRefused() throws Exception {
        TokenService otherIssuer = new TokenService(key, "someone-else", "emon", Duration.ofHours(1), clock);
        TokenService otherAudience = new TokenService(key, "emon", "another-app", Duration.ofHours(1), clock);
        assertThat(tokens.verify(otherIssuer.issue("alice", "admin").token())).isEmpty();
        assertThat(tokens.verify(otherAudience.issue("alice", "admin").token())).isEmpty();
        String noIss = "{\"aud\":\"emon\",\"sub\":\"alice\",\"role\":\"admin\",\"iat\":" + T0.getEpochSecond()
                + ",\"exp\":" + (T0.getEpochSecond() + 600) + "}";
        assertThat(tokens.verify(handSigned("{\"alg\":\"HS256\"}", noIss, "HmacSHA256", secret))).isEmpty();
    }

    @Test
    void missingExpOrRoleOrSubjectIsRefused() throws Exception {
        long now = T0.getEpochSecond();
        String noExp = "{\"iss\":\"emon\",\"aud\":\"emon\",\"sub\":\"alice\",\"role\":\"admin\",\"iat\":" + now + "}";
        String noRole = "{\"iss\":\"emon\",\"aud\":\"emon\",\"sub\":\"alice\",\"iat\":" + now + ",\"exp\":" + (now + 60) + "}";
        String badRole = "{\"iss\":\"emon\",\"aud\":\"emon\",\"sub\":\"alice\",\"role\":\"root\",\"iat\":" + now + ",\"exp\":" + (now + 60) + "}";
        String noSub = "{\"iss\":\"emon\",\"aud\":\"emon\",\"role\":\"admin\",\"iat\":" + now + ",\"exp\":" + (now + 60) + "}";
        String noIat = "{\"iss\":\"emon\",\"aud\":\"emon\",\"sub\":\"alice\",\"role\":\"admin\",\"exp\":" + (now + 60) + "}";
        String noAud = "{\"iss\":\"emon\",\"sub\":\"alice\",\"role\":\"admin\",\"iat\":" + now + ",\"exp\":" + (now + 60) + "}";
        String noIss = "{\"aud\":\"emon\",\"sub\":\"alice\",\"role\":\"admin\",\"iat\":" + now + ",\"exp\":" + (now + 60) + "}";
        String stringExp = "{\"iss\":\"emon\",\"aud\":\"emon\",\"sub\":\"alice\",\"role\":\"admin\",\"iat\":" + now
                + ",\"exp\":\"tomorrow\"}";
        String numericCred = "{\"iss\":\"emon\",\"aud\":\"emon\",\"sub\":\"alice\",\"role\":\"admin\",\"iat\":" + now
                + ",\"exp\":" + (now + 60) + ",\"cred\":5}";
        String complete = "{\"iss\":\"emon\",\"aud\":\"emon\",\"sub\":\"alice\",\"role\":\"admin\",\"iat\":" + now
                + ",\"exp\":" + (now + 60) + "}";
        assertThat(tokens.verify(handSigned("{\"alg\":\"HS256\"}", complete, "HmacSHA256", secret)))
                .as("the complete claim set passes, so each refusal below is the missing claim's doing").isPresent();
        for (String p : new String[] {noExp, noRole, badRole, noSub, noIat, noAud, noIss, stringExp, numericCred}) {
            assertThat(tokens.verify(handSigned("{\"alg\":\"HS256\"}", p, "HmacSHA256", secret))).as(p).isEmpty();
        }
    }

    @Test
    void audienceMustMatchAlsoInAnArrayAndIssuerExactly() throws Exception {
        long now = T0.getEpochSecond();
        String tail = ",\"sub\":\"alice\",\"role\":\"admin\",\"iat\":" + now + ",\"exp\":" + (now + 60) + "}";
        String good = handSigned("{\"alg\":\"HS256\"}", "{\"iss\":\"emon\",\"aud\":[\"other\",\"emon\"]" + tail,
                "HmacSHA256", secret);
        assertThat(tokens.verify(good)).isPresent();
        for (String head : new String[] {"{\"iss\":\"emon\",\"aud\":[\"other\"]", "{\"iss\":\"emon\",\"aud\":[]",
                "{\"iss\":\"EMON\",\"aud\":\"emon\"", "{\"iss\":\"emon \",\"aud\":\"emon\"",
                "{\"iss\":\"emon\",\"aud\":\"Emon\"", "{\"iss\":[\"emon\"],\"aud\":\"emon\""}) {
            assertThat(tokens.verify(handSigned("{\"alg\":\"HS256\"}", head + tail, "HmacSHA256", secret))).as(head).isEmpty();
        }
    }

    @Test
    void headerTricksAreRefused() throws Exception {
        String p = payload(T0, T0.plusSeconds(600));
        for (String header : new String[] {"{}", "{\"alg\":null}", "{\"alg\":\"\"}", "{\"alg\":[\"HS256\"]}",
                "{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", "{\"alg\":\"HS256\",\"crit\":[\"x-custom\"],\"x-custom\":1}",
                "{\"alg\":\"dir\",\"enc\":\"A256GCM\"}", "{\"alg\":\"A256KW\",\"enc\":\"A256GCM\"}",
                "{\"alg\":\"ES256\"}", "{\"alg\":\"PS256\"}", "{\"alg\":\"HS256\",\"zip\":\"DEF\"}"}) {
            assertThat(tokens.verify(handSigned(header, p, "HmacSHA256", secret))).as(header).isEmpty();
        }
    }

    @Test
    void exactlyAtTheSkewBoundary() {
        String token = tokens.issue("alice", "viewer").token();
        clock.set(T0.plusSeconds(3600 + 60));
        assertThat(tokens.verify(token)).as("60 s after exp").isPresent();
        clock.set(T0.plusSeconds(3600 + 61));
        assertThat(tokens.verify(token)).as("61 s after exp").isEmpty();
    }

    @Test
    void tokenFromAnotherKeyIsRefused() {
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        TokenService foreign = new TokenService(new SecretKeySpec(other, "HmacSHA256"), "emon", "emon",
                Duration.ofHours(1), clock);
        assertThat(tokens.verify(foreign.issue("alice", "admin").token())).isEmpty();
    }

    @Test
    void oversizedAndGarbageAreRefusedWithoutExceptions() throws Exception {
        String big = "{\"iss\":\"emon\",\"aud\":\"emon\",\"sub\":\"alice\",\"role\":\"admin\",\"iat\":"
                + T0.getEpochSecond() + ",\"exp\":" + (T0.getEpochSecond() + 600) + ",\"pad\":\"" + "x".repeat(4000) + "\"}";
        String oversized = handSigned("{\"alg\":\"HS256\"}", big, "HmacSHA256", secret);
        assertThat(oversized.length()).isGreaterThan(TokenService.MAX_TOKEN_LENGTH);
        assertThat(tokens.verify(oversized)).isEmpty();
        // the same claims padded to just within the limit pass: the length alone decides
        String fitting = handSigned("{\"alg\":\"HS256\"}", big.replace("x".repeat(4000), "x".repeat(2800)),
                "HmacSHA256", secret);
        assertThat(fitting.length()).isLessThanOrEqualTo(TokenService.MAX_TOKEN_LENGTH);
        assertThat(tokens.verify(fitting)).isPresent();

        for (String g : new String[] {null, "", " ", "abc", "a.b.c", "...", "a..c", "😀.😀.😀",
                b64("{") + "." + b64("{") + "." + b64("x"),
                b64("[]") + "." + b64("[]") + "." + b64("x"),
                b64("{\"alg\":\"HS256\"}") + "." + b64("not json") + "." + b64("x"),
                b64("{\"alg\":\"HS256\",\"zip\":\"DEF\"}") + "." + b64("x") + "." + b64("y"),
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.a.b.c"}) {
            assertThat(tokens.verify(g)).as(String.valueOf(g)).isEmpty();
        }
    }

    @Test
    void aSignatureSpelledWithOtherUnusedBitsIsRefused() {
        TokenService tokens = new TokenService(io.jsonwebtoken.security.Keys.hmacShaKeyFor(new byte[32]), "emon", "emon",
                java.time.Duration.ofHours(1), java.time.Clock.systemUTC());
        String token = tokens.issue("admin", "admin").token();
        assertThat(tokens.verify(token)).isPresent();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        int index = alphabet.indexOf(last);
        // a 43-character signature: the last character's two low bits are unused
        for (int other = index & ~3; other < (index & ~3) + 4; other++) {
            if (other != index) {
                String respelled = token.substring(0, token.length() - 1) + alphabet.charAt(other);
                assertThat(tokens.verify(respelled)).as(respelled).isEmpty();
            }
        }
    }
}
