package org.emon.http.internal;

import java.util.Locale;

/**
 * The wording of the errors this bundle answers, in the REST API's style ("not found: ...",
 * "method not allowed here; allowed: ..."), and the kind each is logged under.
 */
public final class Messages {

    /** Where a client finds the API, named in every answer outside it. */
    static final String API_HINT = "the API is under /api/v1, described at /api/v1/openapi.json";

    private Messages() {
    }

    /** A request Jetty refused while reading it, before any servlet: its status and Jetty's reason. */
    public record BadMessage(int status, String kind, String message) {
    }

    /**
     * What a client is told about a request Jetty could not read. Jetty's reason is its own text
     * (never the client's bytes), quoted only where it adds something.
     */
    public static BadMessage badMessage(int status, String reason) {
        String why = reason == null ? "" : ErrorJson.quote(reason);
        String lower = why.toLowerCase(Locale.ROOT);
        return switch (status) {
            case 431 -> new BadMessage(status, "header-too-large", "request header too large");
            case 414 -> new BadMessage(status, "uri-too-long", "request URI too long");
            case 413 -> new BadMessage(status, "too-large", "request too large");
            case 400 -> lower.contains("uri") || lower.contains("path") || lower.contains("ambiguous") || lower.equals("bad request") || why.isEmpty()
                    ? new BadMessage(status, "malformed-uri", "malformed URI: " + (why.isEmpty() || lower.equals("bad request")
                            ? "the path cannot be decoded (a bad or unsafe %XX escape, or '..' above the root)" : why))
                    : new BadMessage(status, "bad-request", "bad request: " + why);
            default -> new BadMessage(status, "bad-message-" + status, why.isEmpty() ? "bad request" : why.toLowerCase(Locale.ROOT));
        };
    }

    /** Nothing is served at this path: the API's 404 wording, and where the API is. */
    public static String notFound(String path) {
        return "not found: nothing is served at " + ErrorJson.quote(path) + " (" + API_HINT + ")";
    }

    /** The REST API's 405 wording. */
    public static String methodNotAllowed(String allowed) {
        return "method not allowed here; allowed: " + allowed;
    }
}
