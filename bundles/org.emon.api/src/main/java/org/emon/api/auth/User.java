package org.emon.api.auth;

import java.util.Objects;

/** A user as others may see it: name and role, never the password or its hash. */
public record User(String name, Role role) {
    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }
}
