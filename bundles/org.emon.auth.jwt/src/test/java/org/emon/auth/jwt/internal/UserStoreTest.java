package org.emon.auth.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.NoSuchElementException;

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
        store.add("root1", "root-password", "admin");
        store.add("alice", "first-password", "viewer");
        store.setPassword("alice", "second-password");
        store.setRole("alice", "admin");
        UserStore reopened = UserStore.open(file, hasher);
        UserStore.User alice = reopened.find("alice").orElseThrow();
        assertThat(alice.role()).isEqualTo("admin");
        assertThat(hasher.verify("second-password", alice.passwordHash())).isTrue();
        assertThat(hasher.verify("first-password", alice.passwordHash())).isFalse();

        reopened.remove("alice");
        assertThatThrownBy(() -> reopened.remove("alice")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("alice");
        assertThat(UserStore.open(file, hasher).list()).extracting(UserStore.User::username).containsExactly("root1");
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
        for (String bad : new String[] {"bad name", "a=b", "", "x".repeat(65), ".hidden", "..", "-x", "a/b", "a:b",
                "\u00e9t\u00e9", "a\nb", "#comment"}) {
            assertThatThrownBy(() -> store.add(bad, "password1", "admin")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("name must be");
        }
        assertThatThrownBy(() -> store.add("alice", "short", "admin"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("password must be 8 to 1024");
        assertThatThrownBy(() -> store.add("alice", "x".repeat(1025), "admin"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("password must be");
        assertThatThrownBy(() -> store.add("alice", "password1", "root"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("role must be viewer or admin, not 'root'");
        store.add("alice", "password1", "admin");
        assertThatThrownBy(() -> store.add("alice", "password2", "viewer")).isInstanceOf(IllegalStateException.class)
                .hasMessage("user 'alice' exists already");
        assertThatThrownBy(() -> store.add("ALICE", "password2", "viewer")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("differ in more than case");
        assertThatThrownBy(() -> store.setPassword("nobody", "password2")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> store.setPassword("alice", "short")).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.list()).hasSize(1);
        // the longest and most varied names that are allowed
        store.add("x".repeat(64), "password1", "viewer");
        store.add("first.last-2_b@example.org", "password1", "viewer");
        assertThat(UserStore.open(dir.resolve("u.properties"), hasher).find("first.last-2_b@example.org")).isPresent();
    }

    @Test
    void theLastAdminCanBeNeitherRemovedNorDemoted() throws IOException {
        UserStore store = UserStore.open(dir.resolve("u.properties"), hasher);
        store.add("root1", "password1", "admin");
        store.add("watcher", "password1", "viewer");
        assertThatThrownBy(() -> store.remove("root1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("last admin");
        assertThatThrownBy(() -> store.setRole("root1", "viewer")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("last admin");
        // a failed update changes nothing, not even the password sent with it
        String hash = store.find("root1").orElseThrow().passwordHash();
        assertThatThrownBy(() -> store.update("root1", "another-password", "viewer")).isInstanceOf(IllegalStateException.class);
        assertThat(store.find("root1").orElseThrow().passwordHash()).isEqualTo(hash);
        assertThat(store.setRole("root1", "admin").role()).as("re-granting admin is fine").isEqualTo("admin");

        store.setRole("watcher", "admin");
        store.setRole("root1", "viewer");
        assertThatThrownBy(() -> store.remove("watcher")).isInstanceOf(IllegalStateException.class);
        store.remove("root1");
        assertThat(store.list()).extracting(UserStore.User::username).containsExactly("watcher");
    }

    @Test
    void updateChangesPasswordAndRoleInOneWrite() throws IOException {
        Path file = dir.resolve("u.properties");
        UserStore store = UserStore.open(file, hasher);
        store.add("root1", "password1", "admin");
        store.add("bob", "password1", "viewer");
        store.update("bob", "password2", "admin");
        UserStore.User bob = UserStore.open(file, hasher).find("bob").orElseThrow();
        assertThat(bob.role()).isEqualTo("admin");
        assertThat(hasher.verify("password2", bob.passwordHash())).isTrue();
        assertThatThrownBy(() -> store.update("bob", "short", "viewer")).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.find("bob").orElseThrow().role()).isEqualTo("admin");
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
