package org.emon.auth.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {

    @TempDir
    Path dir;

    private final PasswordHasher hasher = PasswordHasher.insecureForTests(1_000);

    @Test
    void addFindAndPersistAcrossReopen() throws IOException {
        Path file = dir.resolve("emon/users.properties");
        UserStore store = UserStore.open(file, hasher);
        assertThat(store.isEmpty()).isTrue();
        assertThat(Files.exists(file)).isFalse();

        store.add("alice", "alice-password", "admin");
        store.add("bob.the-viewer_2", "bob-password", "viewer");
        assertThat(store.find("alice")).get().extracting(UserStore.User::role).isEqualTo("admin");
        assertThat(store.find("nobody")).isEmpty();
        assertThat(store.find(null)).isEmpty();

        UserStore reopened = UserStore.open(file, hasher);
        assertThat(reopened.list()).extracting(UserStore.User::username).containsExactly("alice", "bob.the-viewer_2");
        UserStore.User bob = reopened.find("bob.the-viewer_2").orElseThrow();
        assertThat(bob.role()).isEqualTo("viewer");
        assertThat(hasher.verify("bob-password", bob.passwordHash())).isTrue();
        assertThat(Files.readString(file)).doesNotContain("bob-password").doesNotContain("alice-password");
    }

    @Test
    void setPasswordRemoveAndRole() throws IOException {
        Path file = dir.resolve("users.properties");
        UserStore store = UserStore.open(file, hasher);
        store.add("alice", "first-password", "viewer");
        store.setPassword("alice", "second-password");
        store.setRole("alice", "admin");
        UserStore reopened = UserStore.open(file, hasher);
        UserStore.User alice = reopened.find("alice").orElseThrow();
        assertThat(alice.role()).isEqualTo("admin");
        assertThat(hasher.verify("second-password", alice.passwordHash())).isTrue();
        assertThat(hasher.verify("first-password", alice.passwordHash())).isFalse();

        assertThat(reopened.remove("alice")).isTrue();
        assertThat(reopened.remove("alice")).isFalse();
        assertThat(UserStore.open(file, hasher).isEmpty()).isTrue();
    }

    @Test
    void fileIsOwnerOnly() throws IOException {
        assumeTrue(SecureFiles.supportsPosix(dir));
        Path file = dir.resolve("users.properties");
        UserStore.open(file, hasher).add("alice", "alice-password", "admin");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void validatesInput() throws IOException {
        UserStore store = UserStore.open(dir.resolve("u.properties"), hasher);
        assertThatThrownBy(() -> store.add("bad name", "password1", "admin")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.add("a=b", "password1", "admin")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.add("", "password1", "admin")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.add("x".repeat(65), "password1", "admin")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.add("alice", "short", "admin")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.add("alice", "password1", "root")).isInstanceOf(IllegalArgumentException.class);
        store.add("alice", "password1", "admin");
        assertThatThrownBy(() -> store.add("alice", "password2", "viewer")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.setPassword("nobody", "password2")).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void malformedFileIsRefused() throws IOException {
        Path file = dir.resolve("users.properties");
        Files.writeString(file, "admin=admin,plaintext-password\n");
        assertThatThrownBy(() -> UserStore.open(file, hasher))
                .isInstanceOf(IOException.class).hasMessageContaining("Malformed entry for user 'admin'");
        Files.writeString(file, "admin=superuser," + hasher.hash("password1") + "\n");
        assertThatThrownBy(() -> UserStore.open(file, hasher)).isInstanceOf(IOException.class);
    }
}
