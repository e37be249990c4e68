package org.emon.auth.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminBootstrapTest {

    @TempDir
    Path dir;

    private final PasswordHasher hasher = PasswordHasher.insecureForTests(1_000);
    private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    private final PrintStream console = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);

    private String console() {
        return consoleBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void usesPasswordFromEnvironment() throws IOException {
        UserStore store = UserStore.open(dir.resolve("users.properties"), hasher);
        Optional<String> generated = AdminBootstrap.ensureAdmin(store,
                Map.of("EMON_ADMIN_PASSWORD", "from-the-environment")::get, console, new SecureRandom());
        assertThat(generated).isEmpty();
        UserStore.User admin = store.find("admin").orElseThrow();
        assertThat(admin.role()).isEqualTo("admin");
        assertThat(hasher.verify("from-the-environment", admin.passwordHash())).isTrue();
        assertThat(console()).isEmpty();
        assertThat(Files.readString(store.file())).doesNotContain("from-the-environment");
    }

    @Test
    void generatesRandomPasswordShownOnceWhenEnvironmentHasNone() throws IOException {
        UserStore store = UserStore.open(dir.resolve("users.properties"), hasher);
        Optional<String> generated = AdminBootstrap.ensureAdmin(store, name -> null, console, new SecureRandom());
        assertThat(generated).isPresent();
        String password = generated.get();
        assertThat(password).hasSize(20).matches("[" + AdminBootstrap.ALPHABET + "]+");
        assertThat(hasher.verify(password, store.find("admin").orElseThrow().passwordHash())).isTrue();
        assertThat(console()).contains(password).contains("EMON_ADMIN_PASSWORD").contains(store.file().toString());
        // kept for a server started in the background, owner-only, never in the log
        Path kept = store.file().toAbsolutePath().resolveSibling(AdminBootstrap.PASSWORD_FILE);
        assertThat(Files.readString(kept).trim()).isEqualTo(password);
        if (SecureFiles.supportsPosix(kept)) {
            assertThat(Files.getPosixFilePermissions(kept)).isEqualTo(SecureFiles.OWNER_ONLY);
        }

        // Second start: a user exists, nothing is created or printed again.
        UserStore reopened = UserStore.open(store.file(), hasher);
        consoleBytes.reset();
        assertThat(AdminBootstrap.ensureAdmin(reopened, name -> "ignored-now-password", console, new SecureRandom()))
                .isEmpty();
        assertThat(console()).isEmpty();
        assertThat(reopened.list()).hasSize(1);
        assertThat(hasher.verify(password, reopened.find("admin").orElseThrow().passwordHash())).isTrue();
    }

    @Test
    void emptyOrUnusableEnvironmentPasswordFallsBackToRandom() throws IOException {
        UserStore store = UserStore.open(dir.resolve("a.properties"), hasher);
        assertThat(AdminBootstrap.ensureAdmin(store, name -> "", console, new SecureRandom())).isPresent();

        UserStore other = UserStore.open(dir.resolve("b.properties"), hasher);
        assertThat(AdminBootstrap.ensureAdmin(other, name -> "short", console, new SecureRandom())).isPresent();
        assertThat(hasher.verify("short", other.find("admin").orElseThrow().passwordHash())).isFalse();
    }

    @Test
    void randomPasswordsDiffer() {
        SecureRandom random = new SecureRandom();
        assertThat(AdminBootstrap.randomPassword(random)).isNotEqualTo(AdminBootstrap.randomPassword(random));
        assertThat(AdminBootstrap.ALPHABET).doesNotContain("0", "O", "1", "l", "I");
    }
}
