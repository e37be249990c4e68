package org.emon.auth.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.NoSuchElementException;

import org.emon.api.auth.ApiToken;
import org.emon.api.auth.ApiTokenScope;
import org.emon.api.auth.NewApiToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenStoreTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private Path file;
    private ApiTokenStore store;

    @BeforeEach
    void open() throws Exception {
        file = dir.resolve("emon/api-tokens");
        store = ApiTokenStore.open(file, clock, new SecureRandom());
    }

    @Test
    void aSecretIsShownOnceAndOnlyItsHashIsStoredOwnerOnly() throws Exception {
        NewApiToken created = store.create("grafana", ApiTokenScope.METRICS);
        assertThat(created.secret()).matches("emon_[A-Za-z0-9_-]{43}");
        assertThat(created.toString()).doesNotContain(created.secret());
        String content = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(content).doesNotContain(created.secret()).doesNotContain(created.secret().substring(5));
        assertThat(content).contains("grafana metrics " + HexFormat.of().formatHex(ApiTokenStore.sha256(created.secret())));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(store.list()).extracting(ApiToken::name).containsExactly("grafana");
    }

    @Test
    void onlyTheExactSecretAuthenticates() throws Exception {
        String secret = store.create("ha", ApiTokenScope.READ).secret();
        assertThat(store.authenticate(secret)).get().extracting(ApiToken::scope).isEqualTo(ApiTokenScope.READ);
        char last = secret.charAt(secret.length() - 1);
        String other = secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(store.authenticate(other)).isEmpty();
        assertThat(store.authenticate(secret + "x")).isEmpty();
        assertThat(store.authenticate(secret.substring(5))).isEmpty();
        assertThat(store.authenticate(null)).isEmpty();
        assertThat(store.authenticate(HexFormat.of().formatHex(ApiTokenStore.sha256(secret)))).isEmpty();
    }

    @Test
    void revokedIsRefusedAtOnceAndAfterARestart() throws Exception {
        String secret = store.create("esp", ApiTokenScope.INGEST).secret();
        String kept = store.create("kept", ApiTokenScope.ADMIN).secret();
        store.revoke("esp");
        assertThat(store.authenticate(secret)).isEmpty();
        ApiTokenStore reopened = ApiTokenStore.open(file, clock, new SecureRandom());
        assertThat(reopened.authenticate(secret)).isEmpty();
        assertThat(reopened.authenticate(kept)).get().extracting(ApiToken::name).isEqualTo("kept");
        assertThatThrownBy(() -> store.revoke("esp")).isInstanceOf(NoSuchElementException.class).hasMessageContaining("esp");
    }

    @Test
    void lastUseIsListedAndWrittenAtMostOnceAMinute() throws Exception {
        String secret = store.create("prom", ApiTokenScope.METRICS).secret();
        assertThat(store.list().get(0).lastUsed()).isNull();
        assertThat(store.list().get(0).created()).isEqualTo(clock.instant());
        Instant first = clock.instant().plusSeconds(5);
        clock.advance(Duration.ofSeconds(5));
        store.authenticate(secret);
        clock.advance(Duration.ofSeconds(20));
        store.authenticate(secret);
        assertThat(store.list().get(0).lastUsed()).isEqualTo(clock.instant());
        assertThat(ApiTokenStore.open(file, clock, new SecureRandom()).list().get(0).lastUsed()).isEqualTo(first);
        clock.advance(Duration.ofMinutes(1));
        store.authenticate(secret);
        assertThat(ApiTokenStore.open(file, clock, new SecureRandom()).list().get(0).lastUsed()).isEqualTo(clock.instant());
    }

    @Test
    void namesAreCheckedAndUniqueIgnoringCase() throws Exception {
        store.create("Home-Assistant", ApiTokenScope.READ);
        assertThatThrownBy(() -> store.create("home-assistant", ApiTokenScope.READ)).isInstanceOf(IllegalStateException.class);
        for (String bad : new String[] { "", " ha", "ha ha", "token:x", "-x", "x".repeat(65) }) {
            assertThatThrownBy(() -> store.create(bad, ApiTokenScope.READ)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void aMalformedFileIsRefusedNotOverwritten() throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "grafana metrics nothex 1 0\n");
        assertThatThrownBy(() -> ApiTokenStore.open(file, clock, new SecureRandom())).hasMessageContaining("line 1");
        assertThat(Files.readString(file)).isEqualTo("grafana metrics nothex 1 0\n");
    }
}
