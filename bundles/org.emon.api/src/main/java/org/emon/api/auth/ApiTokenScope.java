package org.emon.api.auth;

import java.util.Locale;

/**
 * What an API token may do. A scope is not a user role: {@code read} reads what a viewer reads,
 * {@code metrics} reads {@code /metrics} only, {@code ingest} posts pulses only, {@code admin} may
 * do everything an admin may.
 */
public enum ApiTokenScope {
    READ,
    METRICS,
    INGEST,
    ADMIN;

    /** The spelling in JSON, the console and the tokens file: {@code read}, {@code metrics}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code read}, {@code metrics}, {@code ingest} or {@code admin} (any case).
     *
     * @throws IllegalArgumentException naming the allowed values otherwise
     */
    public static ApiTokenScope parse(String value) {
        if (value != null) {
            for (ApiTokenScope scope : values()) {
                if (scope.name().equalsIgnoreCase(value.trim())) {
                    return scope;
                }
            }
        }
        String shown = value == null ? "null" : value.length() > 32 ? value.substring(0, 32) + "..." : value;
        throw new IllegalArgumentException("scope must be read, metrics, ingest or admin, not '"
                + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'");
    }
}
