package org.emon.auth.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthServiceTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final PasswordHasher hasher = PasswordHasher.insecureForTests(1_000);

    @Test
    void loginIssuesVerifiableToken() {
        AuthService auth = TestAuth.create(dir, clock, hasher);
        LoginOutcome ok = auth.login("admin", TestAuth.ADMIN_PASSWORD);
        assertThat(ok.kind()).isEqualTo(LoginOutcome.Kind.SUCCESS);
        assertThat(ok.token().role()).isEqualTo("admin");
        assertThat(auth.authenticate(ok.token().token()))
                .contains(new VerifiedToken("admin", "admin", clock.instant().plusSeconds(3600)));
        assertThat(Files.exists(dir.resolve("jwt.key"))).isTrue();
    }

    @Test
    void unknownUserAndWrongPasswordLookAlikeAndCostTheSame() {
        AuthService auth = TestAuth.create(dir, clock, hasher);
        long before = hasher.derivations();
        LoginOutcome wrong = auth.login("admin", "not-the-password");
        long afterWrong = hasher.derivations();
        LoginOutcome unknown = auth.login("nobody", "not-the-password");
        long afterUnknown = hasher.derivations();
        assertThat(wrong).isEqualTo(unknown).isEqualTo(LoginOutcome.refused());
        assertThat(afterWrong - before).isEqualTo(1);
        assertThat(afterUnknown - afterWrong).isEqualTo(1);
    }

    @Test
    void emptyFieldsAreRefusedWithoutHashing() {
        AuthService auth = TestAuth.create(dir, clock, hasher);
        long before = hasher.derivations();
        assertThat(auth.login("", "x").kind()).isEqualTo(LoginOutcome.Kind.REFUSED);
        assertThat(auth.login("admin", "").kind()).isEqualTo(LoginOutcome.Kind.REFUSED);
        assertThat(auth.login(null, null).kind()).isEqualTo(LoginOutcome.Kind.REFUSED);
        assertThat(hasher.derivations()).isEqualTo(before);
    }

    @Test
    void repeatedFailuresAreThrottledEvenForTheRightPassword() {
        AuthService auth = TestAuth.create(dir, clock, hasher);
        for (int i = 0; i < 5; i++) {
            assertThat(auth.login("admin", "guess-" + i).kind()).isEqualTo(LoginOutcome.Kind.REFUSED);
        }
        LoginOutcome throttled = auth.login("admin", TestAuth.ADMIN_PASSWORD);
        assertThat(throttled.kind()).isEqualTo(LoginOutcome.Kind.THROTTLED);
        assertThat(throttled.retryAfter()).isPositive();
        clock.advance(Duration.ofSeconds(2));
        assertThat(auth.login("admin", TestAuth.ADMIN_PASSWORD).kind()).isEqualTo(LoginOutcome.Kind.SUCCESS);
        assertThat(auth.login("admin", "guess").kind()).isEqualTo(LoginOutcome.Kind.REFUSED);
    }

    @Test
    void tokensOfRemovedUsersOrChangedRolesStopWorking() throws Exception {
        AuthService auth = TestAuth.create(dir, clock, hasher);
        auth.users().add("viewer1", "viewer-password", "viewer");
        String token = auth.login("viewer1", "viewer-password").token().token();
        assertThat(auth.authenticate(token)).isPresent();
        auth.users().setRole("viewer1", "admin");
        assertThat(auth.authenticate(token)).isEmpty();
        String again = auth.login("viewer1", "viewer-password").token().token();
        assertThat(auth.authenticate(again)).get().extracting(VerifiedToken::role).isEqualTo("admin");
        auth.users().remove("viewer1");
        assertThat(auth.authenticate(again)).isEmpty();
    }

    @Test
    void weakHashesAreUpgradedOnLogin() throws Exception {
        AuthService first = TestAuth.create(dir, clock, PasswordHasher.insecureForTests(500));
        AuthService second = TestAuth.create(dir, clock, hasher);
        String before = second.users().find("admin").orElseThrow().passwordHash();
        assertThat(before).startsWith("pbkdf2-sha256$500$");
        assertThat(second.login("admin", TestAuth.ADMIN_PASSWORD).kind()).isEqualTo(LoginOutcome.Kind.SUCCESS);
        assertThat(second.users().find("admin").orElseThrow().passwordHash()).startsWith("pbkdf2-sha256$1000$");
        assertThat(first).isNotNull();
    }

    @Test
    void keyStaysAcrossRestartsSoTokensSurvive() {
        AuthService first = TestAuth.create(dir, clock, hasher);
        String token = first.login("admin", TestAuth.ADMIN_PASSWORD).token().token();
        AuthService second = TestAuth.create(dir, clock, hasher);
        assertThat(second.authenticate(token)).isPresent();
    }

    @Test
    void weakKeyFileStopsActivation() throws Exception {
        Files.writeString(dir.resolve("jwt.key"), Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> TestAuth.create(dir, clock, hasher))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("128 bits");
    }

    @Test
    void settingsDefaultsAndClamping() {
        AuthService.Settings d = AuthService.Settings.from(config(3600, "emon", "emon", "", "", 600_000),
                name -> "karaf.data".equals(name) ? "/srv/karaf/data" : null);
        assertThat(d.lifetime()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(d.usersFile()).isEqualTo(Path.of("/srv/karaf/data/emon/users.properties"));
        assertThat(d.keyFile()).isEqualTo(Path.of("/srv/karaf/data/emon/jwt.key"));
        assertThat(d.iterations()).isEqualTo(600_000);

        AuthService.Settings noKaraf = AuthService.Settings.from(config(3600, "emon", "emon", "", "", 600_000), n -> null);
        assertThat(noKaraf.usersFile()).isEqualTo(Path.of("./data/emon/users.properties"));

        AuthService.Settings odd = AuthService.Settings.from(config(5, " ", "aud", "/x/u.properties", "/x/k", 1_000), n -> null);
        assertThat(odd.lifetime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(odd.iterations()).isEqualTo(600_000);
        assertThat(odd.issuer()).isEqualTo("emon");
        assertThat(odd.audience()).isEqualTo("aud");
        assertThat(odd.usersFile()).isEqualTo(Path.of("/x/u.properties"));
        assertThat(odd.keyFile()).isEqualTo(Path.of("/x/k"));
        assertThat(AuthService.Settings.from(config(10_000_000, "i", "a", "", "", 600_000), n -> null).lifetime())
                .isEqualTo(Duration.ofDays(7));
    }

    private static AuthService.Config config(long lifetime, String iss, String aud, String users, String key, int it) {
        return new AuthService.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AuthService.Config.class;
            }

            @Override
            public long token_lifetime_seconds() {
                return lifetime;
            }

            @Override
            public String issuer() {
                return iss;
            }

            @Override
            public String audience() {
                return aud;
            }

            @Override
            public String users_file() {
                return users;
            }

            @Override
            public String key_file() {
                return key;
            }

            @Override
            public int pbkdf2_iterations() {
                return it;
            }
        };
    }
}
