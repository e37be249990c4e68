package org.emon.auth.jwt.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.emon.api.auth.Role;
import org.emon.api.auth.UserAdmin;

/**
 * emon's users, kept in a properties file: {@code username=role,pbkdf2-sha256$...}. The file is
 * replaced atomically on every change and is readable by its owner only. A malformed file is
 * refused rather than silently overwritten. Names are unique ignoring case, and there is always an
 * admin once there is any user: every check and change happens under one lock.
 */
public final class UserStore {

    static final Pattern USERNAME = Pattern.compile(UserAdmin.NAME_PATTERN);
    static final Set<String> ROLES = Set.of(Role.ADMIN.id(), Role.VIEWER.id());
    static final int MIN_PASSWORD_LENGTH = UserAdmin.MIN_PASSWORD_LENGTH;

    /** One user: name, role and encoded password hash (never the password). */
    public record User(String username, String role, String passwordHash) {
        @Override
        public String toString() {
            return "User[" + username + ", " + role + "]";
        }
    }

    private final Path file;
    private final PasswordHasher hasher;
    private final Map<String, User> users = new TreeMap<>();

    private UserStore(Path file, PasswordHasher hasher) {
        this.file = file;
        this.hasher = hasher;
    }

    /** Opens the store, reading {@code file} if it exists (it is created on the first change). */
    public static UserStore open(Path file, PasswordHasher hasher) throws IOException {
        UserStore store = new UserStore(file.toAbsolutePath(), Objects.requireNonNull(hasher));
        store.load();
        return store;
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        SecureFiles.restrictToOwner(file);
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        }
        for (String name : props.stringPropertyNames()) {
            String value = props.getProperty(name).trim();
            int comma = value.indexOf(',');
            String role = comma < 0 ? "" : value.substring(0, comma).trim();
            String hash = comma < 0 ? "" : value.substring(comma + 1).trim();
            if (!USERNAME.matcher(name).matches() || !ROLES.contains(role) || !PasswordHasher.isWellFormed(hash)) {
                throw new IOException("Malformed entry for user '" + sanitize(name) + "' in " + file
                        + "; expected '<username>=<admin|viewer>,pbkdf2-sha256$...'. Fix or remove that line"
                        + " (removing the whole file re-creates the 'admin' user on the next start).");
            }
            users.put(name, new User(name, role, hash));
        }
    }

    private static String sanitize(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    public Path file() {
        return file;
    }

    public synchronized Optional<User> find(String username) {
        return username == null ? Optional.empty() : Optional.ofNullable(users.get(username));
    }

    public synchronized boolean isEmpty() {
        return users.isEmpty();
    }

    /** All users, sorted by name. */
    public synchronized List<User> list() {
        return List.copyOf(new ArrayList<>(users.values()));
    }

    /**
     * Adds a user.
     *
     * @throws IllegalArgumentException for an invalid name, password or role
     * @throws IllegalStateException    if the name is taken, also in another case
     */
    public User add(String username, String password, String role) throws IOException {
        checkUsername(username);
        checkRole(role);
        checkPassword(password);
        // hashed outside the lock: a PBKDF2 run must not stall every token check that looks a user up
        String hash = hasher.hash(password);
        synchronized (this) {
            for (String existing : users.keySet()) {
                if (existing.equalsIgnoreCase(username)) {
                    throw new IllegalStateException(existing.equals(username)
                            ? "user '" + username + "' exists already"
                            : "user '" + existing + "' exists already; names must differ in more than case");
                }
            }
            User user = new User(username, role, hash);
            Map<String, User> next = new TreeMap<>(users);
            next.put(username, user);
            persist(next);
            return user;
        }
    }

    /** Sets a new password for an existing user. */
    public User setPassword(String username, String password) throws IOException {
        return update(username, password, null);
    }

    /** Changes the role of an existing user; refuses to demote the last admin. */
    public User setRole(String username, String role) throws IOException {
        return update(username, null, role);
    }

    /**
     * Changes password and/or role in one write: everything is checked before anything changes.
     *
     * @param password null to keep the password
     * @param role     null to keep the role
     * @throws NoSuchElementException for an unknown user
     * @throws IllegalStateException  if this would demote the last admin
     */
    public User update(String username, String password, String role) throws IOException {
        synchronized (this) {
            existing(username); // an unknown user is refused before any hashing
        }
        if (password != null) {
            checkPassword(password);
        }
        if (role != null) {
            checkRole(role);
        }
        // hashed outside the lock: a PBKDF2 run must not stall every token check that looks a user up
        String hash = password != null ? hasher.hash(password) : null;
        synchronized (this) {
            User old = existing(username);
            if (role != null && !role.equals(Role.ADMIN.id()) && isLastAdmin(old)) {
                throw new IllegalStateException("'" + username + "' is the last admin; make another user admin first");
            }
            User user = new User(username, role != null ? role : old.role(), hash != null ? hash : old.passwordHash());
            Map<String, User> next = new TreeMap<>(users);
            next.put(username, user);
            persist(next);
            return user;
        }
    }

    /**
     * Removes a user.
     *
     * @throws NoSuchElementException for an unknown user
     * @throws IllegalStateException  if it is the last admin
     */
    public synchronized void remove(String username) throws IOException {
        User old = existing(username);
        if (isLastAdmin(old)) {
            throw new IllegalStateException("'" + username + "' is the last admin and cannot be removed;"
                    + " make another user admin first");
        }
        Map<String, User> next = new TreeMap<>(users);
        next.remove(username);
        persist(next);
    }

    private boolean isLastAdmin(User user) {
        return user.role().equals(Role.ADMIN.id())
                && users.values().stream().filter(u -> u.role().equals(Role.ADMIN.id())).count() == 1;
    }

    private User existing(String username) {
        User u = username == null ? null : users.get(username);
        if (u == null) {
            throw new NoSuchElementException("no user named '" + (username == null ? null : sanitize(username)) + "'");
        }
        return u;
    }

    /** Writes first, then swaps the in-memory view: a failed write leaves both unchanged. */
    private void persist(Map<String, User> next) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# emon users: <username>=<role>,<PBKDF2 password hash>. Written by emon; keep it private.\n");
        for (User u : next.values()) {
            sb.append(u.username()).append('=').append(u.role()).append(',').append(u.passwordHash()).append('\n');
        }
        SecureFiles.writeAtomically(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        users.clear();
        users.putAll(next);
    }

    static void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("name must be 1 to 64 characters of A-Z a-z 0-9 . _ @ -,"
                    + " starting with a letter or digit");
        }
    }

    static void checkRole(String role) {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be viewer or admin, not '" + sanitize(String.valueOf(role)) + "'");
        }
    }

    static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH
                || password.length() > PasswordHasher.MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password must be " + MIN_PASSWORD_LENGTH + " to "
                    + PasswordHasher.MAX_PASSWORD_LENGTH + " characters");
        }
    }
}
