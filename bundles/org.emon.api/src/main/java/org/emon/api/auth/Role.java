package org.emon.api.auth;

import java.util.Locale;

/** What a user may do: a viewer reads, an admin also manages meters and users and ingests pulses. */
public enum Role {
    VIEWER,
    ADMIN;

    /** The spelling in tokens, JSON and the users file: {@code viewer} or {@code admin}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code viewer} or {@code admin} (any case).
     *
     * @throws IllegalArgumentException naming {@code role} and the allowed values otherwise
     */
    public static Role parse(String value) {
        if (value != null) {
            for (Role role : values()) {
                if (role.name().equalsIgnoreCase(value.trim())) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException("role must be viewer or admin, not '" + printable(value) + "'");
    }

    private static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > 32 ? value.substring(0, 32) + "..." : value;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
