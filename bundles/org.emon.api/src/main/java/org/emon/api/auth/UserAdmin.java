package org.emon.api.auth;

import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * emon's users: who may log in, and in which role. Changes are saved before a method returns.
 * There is always at least one admin: removing or demoting the last one is refused.
 *
 * <p>Errors: {@link IllegalArgumentException} for an invalid name, password or role (the message
 * names which); {@link NoSuchElementException} for an unknown user; {@link IllegalStateException}
 * for a name that is taken or a change that would leave no admin.
 */
@ProviderType
public interface UserAdmin {

    /** User names: a letter or digit, then letters, digits and {@code . _ @ -}; 64 at most. */
    String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._@-]{0,63}";
    int MIN_PASSWORD_LENGTH = 8;
    int MAX_PASSWORD_LENGTH = 1024;

    /** Every user, sorted by name. */
    List<User> users();

    /** The user of that exact name, if any. */
    Optional<User> user(String name);

    /**
     * Adds a user.
     *
     * @throws IllegalStateException if the name is taken, also when it differs only in case
     */
    User add(String name, String password, Role role) throws IOException;

    /** Sets a new password; tokens issued before to that user are refused from now on. */
    User changePassword(String name, String password) throws IOException;

    /**
     * Changes a user's role; the user's tokens carrying the old role are refused from now on.
     *
     * @throws IllegalStateException if this would demote the last admin
     */
    User changeRole(String name, Role role) throws IOException;

    /**
     * Removes a user; the user's tokens are refused from now on.
     *
     * @throws IllegalStateException if this is the last admin
     */
    void remove(String name) throws IOException;
}
