package org.emon.auth.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermissions;
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
        LoginOutcome ok = auth.login("admin", TestAuth.ADMIN_PASSWORD, TestAuth.CLIENT);
        assertThat(ok.kind()).isEqualTo(LoginOutcome.Kind.SUCCESS);
        assertThat(ok.token().role()).isEqualTo("admin");
        VerifiedToken verified = auth.authenticate(ok.token().token()).orElseThrow();
        assertThat(verified.username()).isEqualTo("admin");
        assertThat(verified.role()).isEqualTo("admin");
        assertThat(verified.expiresAt()).isEqualTo(clock.instant().plusSeconds(3600));
        assertThat(Files.exists(dir.resolve("jwt.key"))).isTrue();
    }

    @Test
    void unknownUserAndWrongPasswordLookAlikeAndCostTheSame() {
        AuthService auth = TestAuth.create(dir, clock, hasher);
        long before = hasher.derivations();
        LoginOutcome wrong = auth.login("admin", "not-the-password", TestAuth.CLIENT);
        long afterWrong = hasher.derivations();
        LoginOutcome unknown = auth.login("nobody", "not-the-password", TestAuth.CLIENT);
        long afterUnknown = hasher.derivations();
        assertThat(wrong).isEqualTo(unknown).isEqualTo(LoginOutcome.refused());
        assertThat(afterWrong - before).isEqualTo(1);
        assertThat(afterUnknown - afterWrong).isEqualTo(1);
    }

    @Test
    void emptyFieldsAreRefusedWithoutHashing() {
        AuthService auth = TestAuth.create(dir, clock, hasher);
        long before = hasher.derivations();
        assertThat(auth.login("", "x", TestAuth.CLIENT).kind()).isEqualTo(LoginOutcome.Kind.REFUSED);
        assertThat(auth.login("admin", "", TestAuth.CLIENT).kind()).isEqualTo(LoginOutcome.Kind.REFUSED);
        assertThat(auth.login(null, null, TestAuth.CLIENT).kind()).isEqualTo(LoginOutcome.Kind.REFUSED);
        assertThat(hasher.derivations()).isEqualTo(before);
    }

    @Test
    void repeatedFailuresAreThrottledEvenForTheRightPassword() {
        AuthService auth = TestAuth.create(dir, clock, hasher);
        for (int i = 0; i < 5; i++) {
            assertThat(auth.login("admin", "guess-" + i, TestAuth.CLIENT).kind()).isEqualTo(LoginOutcome.Kind.REFUSED);
        }
        LoginOutcome throttled = auth.login("admin", TestAuth.ADMIN_PASSWORD, TestAuth.CLIENT);
        assertThat(throttled.kind()).isEqualTo(LoginOutcome.Kind.THROTTLED);
        assertThat(throttled.retryAfter()).isPositive();
        clock.advance(Duration.ofSeconds(2));
        assertThat(auth.login("admin", TestAuth.ADMIN_PASSWORD, TestAuth.CLIENT).kind()).isEqualTo(LoginOutcome.Kind.SUCCESS);
        assertThat(auth.login("admin", "guess", TestAuth.CLIENT).kind()).isEqualTo(LoginOutcome.Kind.REFUSED);
    }

    @Test
    void tokensOfRemovedUsersOrChangedRolesStopWorking() throws Exception {
        AuthService auth = TestAuth.create(dir, clock, hasher);
        auth.users().add("viewer1", "viewer-password", "viewer");
        String token = auth.login("viewer1", "viewer-password", TestAuth.CLIENT).token().token();
        assertThat(auth.authenticate(token)).isPresent();
        auth.users().setRole("viewer1", "admin");
        assertThat(auth.authenticate(token)).isEmpty();
        String again = auth.login("viewer1", "viewer-password", TestAuth.CLIENT).token().token();
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
        assertThat(second.login("admin", TestAuth.ADMIN_PASSWORD, TestAuth.CLIENT).kind()).isEqualTo(LoginOutcome.Kind.SUCCESS);
        assertThat(second.users().find("admin").orElseThrow().passwordHash()).startsWith("pbkdf2-sha256$1000$");
        assertThat(first).isNotNull();
    }

    @Test
    void keyStaysAcrossRestartsSoTokensSurvive() {
        AuthService first = TestAuth.create(dir, clock, hasher);
        String token = first.login("admin", TestAuth.ADMIN_PASSWORD, TestAuth.CLIENT).token().token();
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
        assertThat(d.apiTokensFile()).isEqualTo(Path.of("/srv/karaf/data/emon/api-tokens"));
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

    @Test
    void throttleSettingsDefaultAndBounds() {
        LoginThrottle.Settings d = AuthService.Settings.from(config(3600, "emon", "emon", "", "", 600_000), n -> null)
                .throttle();
        assertThat(d).isEqualTo(new LoginThrottle.Settings(5, Duration.ofMinutes(15), Duration.ofSeconds(1),
                Duration.ofMinutes(15), 10_000));
        LoginThrottle.Settings odd = AuthService.Settings.from(
                config(3600, "emon", "emon", "", "", 600_000, 0, 10_000, 5, 0, 1), n -> null).throttle();
        assertThat(odd).isEqualTo(new LoginThrottle.Settings(1, Duration.ofSeconds(1), Duration.ofSeconds(3600),
                Duration.ofSeconds(3600), 100));
        LoginThrottle.Settings short_ = AuthService.Settings.from(
                config(3600, "emon", "emon", "", "", 600_000, 3, 1, 2, 5, 500), n -> null).throttle();
        assertThat(short_).isEqualTo(new LoginThrottle.Settings(3, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(2), 500));
    }

    @Test
    void newPasswordEndsTheSessionsOfTheOldOne() throws Exception {
        AuthService auth = TestAuth.create(dir, clock, hasher);
        String before = auth.login("admin", TestAuth.ADMIN_PASSWORD, TestAuth.CLIENT).token().token();
        assertThat(auth.authenticate(before)).isPresent();
        auth.users().setPassword("admin", "a-new-admin-password");
        assertThat(auth.authenticate(before)).isEmpty();
        assertThat(auth.login("admin", TestAuth.ADMIN_PASSWORD, TestAuth.CLIENT).kind()).isEqualTo(LoginOutcome.Kind.REFUSED);
        String after = auth.login("admin", "a-new-admin-password", TestAuth.CLIENT).token().token();
        assertThat(auth.authenticate(after)).isPresent();
    }

    @Test
    void tokenWithoutOrWithAForgedCredentialStampIsRefused() {
        AuthService auth = TestAuth.create(dir, clock, hasher);
        // validly signed with the right key, but not issued by login: no stamp, or a guessed one
        assertThat(auth.authenticate(auth.tokens().issue("admin", "admin").token())).isEmpty();
        assertThat(auth.authenticate(auth.tokens().issue("admin", "admin", "AAAAAAAAAAAAAAAA").token())).isEmpty();
        String stamp = AuthService.credentialStamp(auth.users().find("admin").orElseThrow().passwordHash());
        assertThat(auth.authenticate(auth.tokens().issue("admin", "admin", stamp).token())).isPresent();
    }

    @Test
    void rotatingTheKeyRefusesEveryEarlierTokenAndSurvivesARestart() throws Exception {
        AuthService auth = TestAuth.create(dir, clock, hasher);
        String old = auth.login("admin", TestAuth.ADMIN_PASSWORD, TestAuth.CLIENT).token().token();
        String oldKey = Files.readString(dir.resolve("jwt.key"));

        var rotation = auth.rotateSigningKey();

        assertThat(rotation.keyFile()).isEqualTo(dir.resolve("jwt.key").toAbsolutePath());
        assertThat(rotation.bits()).isEqualTo(256);
        assertThat(rotation.rotatedAt()).isEqualTo(clock.instant());
        String newKey = Files.readString(dir.resolve("jwt.key"));
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(Base64.getDecoder().decode(newKey.trim())).hasSize(32);
        if (SecureFiles.supportsPosix(dir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("jwt.key"))))
                    .isEqualTo("rw-------");
        }
        assertThat(auth.authenticate(old)).isEmpty();
        String fresh = auth.login("admin", TestAuth.ADMIN_PASSWORD, TestAuth.CLIENT).token().token();
        assertThat(auth.authenticate(fresh)).isPresent();
        AuthService restarted = TestAuth.create(dir, clock, hasher);
        assertThat(restarted.authenticate(fresh)).isPresent();
        assertThat(restarted.authenticate(old)).isEmpty();
    }

    @Test
    void oneAddressGuessingManyNamesIsThrottledOtherAddressesAreNot() throws Exception {
        AuthService auth = TestAuth.create(dir, clock, hasher);
        auth.users().add("alice", "alice-password", "viewer");
        for (int i = 0; i < 5; i++) {
            assertThat(auth.login("name" + i, "guess-password", "198.51.100.7").kind()).isEqualTo(LoginOutcome.Kind.REFUSED);
        }
        LoginOutcome sprayed = auth.login("alice", "alice-password", "198.51.100.7");
        assertThat(sprayed.kind()).isEqualTo(LoginOutcome.Kind.THROTTLED);
        assertThat(sprayed.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(auth.login("alice", "alice-password", "203.0.113.9").kind()).isEqualTo(LoginOutcome.Kind.SUCCESS);
        // another address of the same IPv6 /64 counts as the same client
        for (int i = 0; i < 5; i++) {
            auth.login("other" + i, "guess-password", "2001:db8:1:2::" + (i + 1));
        }
        assertThat(auth.login("alice", "alice-password", "2001:db8:1:2:ffff::1").kind())
                .isEqualTo(LoginOutcome.Kind.THROTTLED);
        assertThat(auth.login("alice", "alice-password", "2001:db8:1:3::1").kind()).isEqualTo(LoginOutcome.Kind.SUCCESS);
    }

    @Test
    void throttledAttemptsCostNoHashing() {
        AuthService auth = TestAuth.create(dir, clock, hasher);
        for (int i = 0; i < 5; i++) {
            auth.login("admin", "guess-password", TestAuth.CLIENT);
        }
        long before = hasher.derivations();
        for (int i = 0; i < 100; i++) {
            assertThat(auth.login("admin", "guess-password", TestAuth.CLIENT).kind()).isEqualTo(LoginOutcome.Kind.THROTTLED);
        }
        assertThat(hasher.derivations()).isEqualTo(before);
    }

    private static AuthService.Config config(long lifetime, String iss, String aud, String users, String key, int it) {
        return config(lifetime, iss, aud, users, key, it, 5, 1, 900, 900, 10_000);
    }

    private static AuthService.Config config(long lifetime, String iss, String aud, String users, String key, int it,
            int free, long initial, long max, long window, int entries) {
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
            public String api_tokens_file() {
                return "";
            }

            @Override
            public int pbkdf2_iterations() {
                return it;
            }

            @Override
            public int login_free_failures() {
                return free;
            }

            @Override
            public long login_backoff_initial_seconds() {
                return initial;
            }

            @Override
            public long login_backoff_max_seconds() {
                return max;
            }

            @Override
            public long login_window_seconds() {
                return window;
            }

            @Override
            public int login_throttle_entries() {
                return entries;
            }
        };
    }
}
