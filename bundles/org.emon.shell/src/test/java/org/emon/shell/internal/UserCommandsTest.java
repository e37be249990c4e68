package org.emon.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;

import org.emon.api.auth.KeyRotation;
import org.emon.api.auth.Role;
import org.emon.api.auth.TokenAdmin;
import org.emon.api.auth.User;
import org.emon.api.auth.UserAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user and key commands without Karaf: prompts, checks before prompting, messages, and the calls they make. */
class UserCommandsTest {

    @TempDir
    Path dir;

    /** Users in a map, with the service's contract on errors (the real one is tested in org.emon.auth.jwt). */
    static final class FakeUsers implements UserAdmin {
        final TreeMap<String, User> users = new TreeMap<>();
        final TreeMap<String, String> passwords = new TreeMap<>();

        FakeUsers with(String name, Role role) {
            users.put(name, new User(name, role));
            passwords.put(name, "initial-password");
            return this;
        }

        @Override
        public List<User> users() {
            return new ArrayList<>(users.values());
        }

        @Override
        public Optional<User> user(String name) {
            return Optional.ofNullable(users.get(name));
        }

        @Override
        public User add(String name, String password, Role role) {
            if (users.containsKey(name)) {
                throw new IllegalStateException("user '" + name + "' exists already");
            }
            users.put(name, new User(name, role));
            passwords.put(name, password);
            return users.get(name);
        }

        @Override
        public User changePassword(String name, String password) {
            passwords.put(name, password);
            return existing(name);
        }

        @Override
        public User changeRole(String name, Role role) {
            existing(name);
            users.put(name, new User(name, role));
            return users.get(name);
        }

        @Override
        public void remove(String name) {
            existing(name);
            if (users.get(name).role() == Role.ADMIN) {
                throw new IllegalStateException("'" + name + "' is the last admin and cannot be removed");
            }
            users.remove(name);
        }

        private User existing(String name) {
            User u = users.get(name);
            if (u == null) {
                throw new NoSuchElementException("no user named '" + name + "'");
            }
            return u;
        }
    }

    /** A console that answers prompts from a list and records them with their mask. */
    static final class Typed implements UserAddCommand.Console {
        final Deque<String> answers;
        final List<String> prompts = new ArrayList<>();

        Typed(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public String readLine(String prompt, Character mask) {
            prompts.add(prompt + "[" + mask + "]");
            return answers.poll();
        }
    }

    private final FakeUsers users = new FakeUsers().with("admin", Role.ADMIN);

    @Test
    void addAsksTwiceWithoutEchoAndDefaultsToViewer() {
        Typed console = new Typed("bob-password", "bob-password");
        String out = UserAddCommand.run(users, "bob", "viewer", null, console);
        assertThat(out).isEqualTo("Added user 'bob' with role viewer.");
        assertThat(console.prompts).containsExactly("Password for 'bob': [*]", "Same password again: [*]");
        assertThat(users.passwords).containsEntry("bob", "bob-password");
        UserAddCommand.run(users, "carol", "ADMIN", null, new Typed("carol-password", "carol-password"));
        assertThat(users.user("carol")).contains(new User("carol", Role.ADMIN));
    }

    @Test
    void addRefusesDifferentEmptyOrShortPasswords() {
        assertThatThrownBy(() -> UserAddCommand.run(users, "bob", "viewer", null, new Typed("bob-password", "bob-pasword")))
                .isInstanceOf(CommandFailure.class).hasMessage("the two passwords differ; nothing was changed");
        Typed shortOne = new Typed("short", "short");
        assertThatThrownBy(() -> UserAddCommand.run(users, "bob", "viewer", null, shortOne))
                .isInstanceOf(CommandFailure.class).hasMessage("password must be at least 8 characters");
        assertThat(shortOne.prompts).as("refused before asking again").hasSize(1);
        assertThatThrownBy(() -> UserAddCommand.run(users, "bob", "viewer", null, new Typed()))
                .as("end of input, e.g. Ctrl-D").isInstanceOf(CommandFailure.class).hasMessageContaining("no password entered");
        assertThatThrownBy(() -> UserAddCommand.run(users, "bob", "viewer", null, new Typed("")))
                .isInstanceOf(CommandFailure.class).hasMessageContaining("no password entered");
        UserAddCommand.Console headless = (prompt, mask) -> {
            throw new UnsupportedOperationException();
        };
        assertThatThrownBy(() -> UserAddCommand.run(users, "bob", "viewer", null, headless))
                .isInstanceOf(CommandFailure.class).hasMessageContaining("use --password-file");
        assertThat(users.user("bob")).isEmpty();
    }

    @Test
    void addChecksNameAndRoleBeforeAskingForAPassword() {
        for (String[] bad : new String[][] {{"bad name", "viewer", "name must be"}, {"..", "viewer", "name must be"},
                {"Admin", "viewer", "exists already"}, {"bob", "root", "role must be viewer or admin, not 'root'"}}) {
            Typed console = new Typed("bob-password", "bob-password");
            assertThatThrownBy(() -> UserAddCommand.run(users, bad[0], bad[1], null, console)).as(bad[0] + " " + bad[1])
                    .isInstanceOf(CommandFailure.class).hasMessageContaining(bad[2]);
            assertThat(console.prompts).as(bad[0] + " " + bad[1]).isEmpty();
        }
    }

    @Test
    void aPasswordFileServesScripts() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "from-a-file\nsecond line ignored\n");
        Typed console = new Typed();
        UserAddCommand.run(users, "script", "viewer", file.toString(), console);
        assertThat(users.passwords).containsEntry("script", "from-a-file");
        assertThat(console.prompts).isEmpty();

        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> UserAddCommand.run(users, "other", "viewer", empty.toString(), console))
                .isInstanceOf(CommandFailure.class).hasMessageContaining("is empty");
        Path shortPw = Files.writeString(dir.resolve("short"), "abc\n");
        assertThatThrownBy(() -> UserAddCommand.run(users, "other", "viewer", shortPw.toString(), console))
                .isInstanceOf(CommandFailure.class).hasMessage("password must be 8 to 1024 characters");
        assertThatThrownBy(() -> UserAddCommand.run(users, "other", "viewer", dir.resolve("missing").toString(), console))
                .isInstanceOf(CommandFailure.class).hasMessageContaining("no such file");
    }

    @Test
    void passwdChecksTheUserFirstThenAsksTwice() {
        Typed none = new Typed("new-password", "new-password");
        assertThatThrownBy(() -> UserPasswdCommand.run(users, "nobody", null, none))
                .isInstanceOf(CommandFailure.class).hasMessageContaining("no user named 'nobody'");
        assertThat(none.prompts).isEmpty();
        Typed console = new Typed("new-password", "new-password");
        assertThat(UserPasswdCommand.run(users, "admin", null, console)).contains("Changed the password of 'admin'");
        assertThat(users.passwords).containsEntry("admin", "new-password");
        assertThat(console.prompts).hasSize(2).allMatch(p -> p.endsWith("[*]"));
    }

    @Test
    void listPrintsATable() {
        users.with("watcher", Role.VIEWER);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        UserListCommand.print(users.users(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).containsPattern("Name +\\| Role");
        assertThat(out).containsPattern("admin +\\| admin");
        assertThat(out).containsPattern("watcher +\\| viewer");
        assertThat(out.indexOf("admin |")).isLessThan(out.indexOf("watcher"));
    }

    @Test
    void removeAndRolePassTheServiceErrorsOnAsOneLine() {
        users.with("watcher", Role.VIEWER);
        assertThat(UserRemoveCommand.run(users, "watcher")).isEqualTo("Removed user 'watcher'; its tokens are refused from now on.");
        assertThat(users.user("watcher")).isEmpty();
        assertThatThrownBy(() -> UserRemoveCommand.run(users, "watcher"))
                .isInstanceOf(CommandFailure.class).hasMessage("no user named 'watcher'");
        assertThatThrownBy(() -> UserRemoveCommand.run(users, "admin"))
                .isInstanceOf(CommandFailure.class).hasMessageContaining("last admin");

        users.with("watcher", Role.VIEWER);
        assertThat(UserRoleCommand.run(users, "watcher", "admin")).startsWith("'watcher' is now admin");
        assertThat(users.user("watcher")).contains(new User("watcher", Role.ADMIN));
        assertThatThrownBy(() -> UserRoleCommand.run(users, "watcher", "boss"))
                .isInstanceOf(CommandFailure.class).hasMessageContaining("role must be viewer or admin");
    }

    @Test
    void rotateSaysWhereAndThatEveryoneLogsInAgain() {
        Path key = dir.resolve("jwt.key");
        String out = TokenSecretRotateCommand.run(() -> new KeyRotation(key, 256, Instant.EPOCH));
        assertThat(out).contains("New 256-bit signing key in " + key).contains("must log in again");
        TokenAdmin broken = () -> {
            throw new IOException("disk full");
        };
        assertThatThrownBy(() -> TokenSecretRotateCommand.run(broken))
                .isInstanceOf(CommandFailure.class).hasMessageContaining("disk full").hasMessageContaining("old one stays");
    }
}
