package org.emon.auth.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = PasswordHasher.insecureForTests(1_000);

    @Test
    void productionDefaultsAreStrong() throws Exception {
        assertThat(PasswordHasher.DEFAULT_ITERATIONS).isGreaterThanOrEqualTo(600_000);
        assertThat(PasswordHasher.MIN_ITERATIONS).isGreaterThanOrEqualTo(600_000);
        Object configDefault = AuthService.Config.class.getMethod("pbkdf2_iterations").getDefaultValue();
        assertThat((Integer) configDefault).isGreaterThanOrEqualTo(600_000);
        assertThatThrownBy(() -> new PasswordHasher(599_999)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PasswordHasher(600_000).iterations()).isEqualTo(600_000);
    }

    @Test
    void verifiesRightPasswordAndRefusesWrongOne() {
        String encoded = hasher.hash("correct horse");
        assertThat(hasher.verify("correct horse", encoded)).isTrue();
        assertThat(hasher.verify("correct hors", encoded)).isFalse();
        assertThat(hasher.verify("Correct horse", encoded)).isFalse();
        assertThat(hasher.verify("", encoded)).isFalse();
        assertThat(hasher.verify(null, encoded)).isFalse();
    }

    @Test
    void encodingCarriesSchemeIterationsSaltAndHash() {
        String encoded = hasher.hash("secret-password");
        String[] parts = encoded.split("\\$");
        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
        assertThat(parts[1]).isEqualTo("1000");
        assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
    }

    @Test
    void distinctSaltsGiveDistinctEncodings() {
        String a = hasher.hash("same password");
        String b = hasher.hash("same password");
        assertThat(a).isNotEqualTo(b);
        assertThat(a.split("\\$")[2]).isNotEqualTo(b.split("\\$")[2]);
        assertThat(hasher.verify("same password", a)).isTrue();
        assertThat(hasher.verify("same password", b)).isTrue();
    }

    @Test
    void iterationCountComesFromTheEncoding() {
        String weak = PasswordHasher.insecureForTests(500).hash("old password");
        assertThat(hasher.verify("old password", weak)).isTrue();
        assertThat(hasher.needsRehash(weak)).isTrue();
        assertThat(hasher.needsRehash(hasher.hash("x-password"))).isFalse();
    }

    @Test
    void tamperedOrMalformedEncodingsAreRefused() {
        String encoded = hasher.hash("password1");
        String[] p = encoded.split("\\$");
        byte[] hash = Base64.getDecoder().decode(p[3]);
        hash[0] ^= 1;
        String flippedHash = p[0] + "$" + p[1] + "$" + p[2] + "$" + Base64.getEncoder().withoutPadding().encodeToString(hash);
        byte[] salt = Base64.getDecoder().decode(p[2]);
        salt[3] ^= 1;
        String flippedSalt = p[0] + "$" + p[1] + "$" + Base64.getEncoder().withoutPadding().encodeToString(salt) + "$" + p[3];
        String otherIterations = p[0] + "$1001$" + p[2] + "$" + p[3];

        assertThat(hasher.verify("password1", flippedHash)).isFalse();
        assertThat(hasher.verify("password1", flippedSalt)).isFalse();
        assertThat(hasher.verify("password1", otherIterations)).isFalse();
        assertThat(hasher.verify("password1", "pbkdf2-sha1$1000$" + p[2] + "$" + p[3])).isFalse();
        assertThat(hasher.verify("password1", p[0] + "$0$" + p[2] + "$" + p[3])).isFalse();
        assertThat(hasher.verify("password1", p[0] + "$-5$" + p[2] + "$" + p[3])).isFalse();
        assertThat(hasher.verify("password1", p[0] + "$99999999999$" + p[2] + "$" + p[3])).isFalse();
        assertThat(hasher.verify("password1", p[0] + "$1000$" + p[2] + "$" + p[3] + "AAAA")).isFalse();
        assertThat(hasher.verify("password1", p[0] + "$1000$!!!$" + p[3])).isFalse();
        assertThat(hasher.verify("password1", encoded + "$extra")).isFalse();
        assertThat(hasher.verify("password1", "")).isFalse();
        assertThat(hasher.verify("password1", null)).isFalse();
        assertThat(PasswordHasher.isWellFormed(encoded)).isTrue();
        assertThat(PasswordHasher.isWellFormed("plaintext")).isFalse();
    }

    @Test
    void dummyVerificationCostsOneDerivationAtTheConfiguredCostAndNeverMatches() {
        long before = hasher.derivations();
        assertThat(hasher.verifyDummy("anything-at-all")).isFalse();
        assertThat(hasher.derivations()).isEqualTo(before + 1);
        String encoded = hasher.hash("password1");
        long mid = hasher.derivations();
        assertThat(hasher.verify("wrong-password", encoded)).isFalse();
        assertThat(hasher.derivations()).isEqualTo(mid + 1);
    }

    @Test
    void refusesToHashEmptyOrHugePasswords() {
        assertThatThrownBy(() -> hasher.hash("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hasher.hash("x".repeat(1025))).isInstanceOf(IllegalArgumentException.class);
        assertThat(hasher.verify("x".repeat(1025), hasher.hash("password1"))).isFalse();
    }
}
