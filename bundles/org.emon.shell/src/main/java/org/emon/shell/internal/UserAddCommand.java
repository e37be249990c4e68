package org.emon.shell.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.emon.api.auth.Role;
import org.emon.api.auth.User;
import org.emon.api.auth.UserAdmin;

/**
 * {@code emon:user-add <name> [--role viewer|admin]}: a new user. The password is typed twice
 * without echo, or read from the first line of {@code --password-file} for scripts; it is never a
 * command argument, which would stay in the shell history.
 */
@Service
@Command(scope = "emon", name = "user-add", description = "Adds a user who may log in to the REST API; asks for the password twice")
public class UserAddCommand implements Action {

    @Reference
    UserAdmin users;

    @Reference
    Session session;

    @Argument(index = 0, name = "name", description = "letters, digits and . _ @ -, up to 64", required = true)
    String name;

    @Option(name = "--role", aliases = "-r", description = "viewer (read only, the default) or admin (meters, users, ingest)")
    @Completion(value = StringsCompleter.class, values = {"viewer", "admin"})
    String role = "viewer";

    @Option(name = "--password-file", description = "read the password from the first line of this file instead of asking")
    @Completion(FileCompleter.class)
    String passwordFile;

    @Override
    public Object execute() {
        System.out.println(run(users, name, role, passwordFile, session::readLine));
        return null;
    }

    /** Reads a line; the mask character hides what is typed (Karaf's {@link Session#readLine}). */
    interface Console {
        String readLine(String prompt, Character mask) throws IOException;
    }

    static String run(UserAdmin users, String name, String role, String passwordFile, Console console) {
        Role parsed = call(() -> Role.parse(role));
        // checked before asking: a bad or taken name should not cost typing the password twice
        if (!name.matches(UserAdmin.NAME_PATTERN)) {
            throw new CommandFailure("name must be 1 to 64 characters of A-Z a-z 0-9 . _ @ -, starting with a letter or digit");
        }
        if (users.users().stream().anyMatch(u -> u.name().equalsIgnoreCase(name))) {
            throw new CommandFailure("user '" + name + "' exists already; change the password with emon:user-passwd");
        }
        String password = newPassword(name, passwordFile, console);
        User user = call(() -> users.add(name, password, parsed));
        return "Added user '" + user.name() + "' with role " + user.role().id() + ".";
    }

    /**
     * The new password: from the file, or typed twice without echo.
     *
     * @throws CommandFailure if none is given, the two differ or it is too short or long
     */
    static String newPassword(String name, String passwordFile, Console console) {
        String password = passwordFile != null ? fromFile(passwordFile) : typedTwice(name, console);
        if (password.length() < UserAdmin.MIN_PASSWORD_LENGTH || password.length() > UserAdmin.MAX_PASSWORD_LENGTH) {
            throw new CommandFailure("password must be " + UserAdmin.MIN_PASSWORD_LENGTH + " to "
                    + UserAdmin.MAX_PASSWORD_LENGTH + " characters");
        }
        return password;
    }

    private static String typedTwice(String name, Console console) {
        String first = read(console, "Password for '" + name + "': ");
        if (first.length() < UserAdmin.MIN_PASSWORD_LENGTH) {
            throw new CommandFailure("password must be at least " + UserAdmin.MIN_PASSWORD_LENGTH + " characters");
        }
        String second = read(console, "Same password again: ");
        if (!first.equals(second)) {
            throw new CommandFailure("the two passwords differ; nothing was changed");
        }
        return first;
    }

    private static String read(Console console, String prompt) {
        try {
            String line = console.readLine(prompt, '*');
            if (line == null || line.isEmpty()) {
                throw new CommandFailure("no password entered; nothing was changed");
            }
            return line;
        } catch (IOException e) {
            throw new CommandFailure("cannot read the password: " + e.getMessage());
        } catch (UnsupportedOperationException e) {
            // a session without a terminal, e.g. bin/client -b: it cannot ask
            throw new CommandFailure("this console cannot ask for a password (no terminal): use --password-file <file>");
        }
    }

    private static String fromFile(String passwordFile) {
        Path file = ImportCommand.Paths.existingFile(passwordFile);
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw new CommandFailure("the first line of " + file + " is empty: put the password there");
            }
            return lines.get(0);
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + file + ": " + e.getMessage());
        }
    }

    interface Call<T> {
        T call() throws IOException;
    }

    /** The user service's errors as one-line command failures (see {@link UserAdmin}). */
    static <T> T call(Call<T> call) {
        try {
            return call.call();
        } catch (IllegalArgumentException | IllegalStateException | NoSuchElementException e) {
            throw new CommandFailure(e.getMessage());
        } catch (IOException e) {
            throw new CommandFailure("could not save the change: " + e.getMessage());
        }
    }
}
