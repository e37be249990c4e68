package org.emon.api.rest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request emon refuses, with the HTTP status and a message for the client. A resource throws it;
 * the REST layer answers {@code {"status":..,"message":..}} with any headers given here. Resources
 * never build error responses themselves, so the same refusal reads the same everywhere.
 *
 * <p>The message is shown to the client as it is: name the problem and, where it helps, the fix.
 * Quote client input only through {@link #quote(String)}.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** 403 wording when a method needs a role the caller does not have. */
    public static final String NEEDS_ROLE = "forbidden: this needs a user with the %s role";

    private final int status;
    private final Map<String, String> headers;

    /**
     * @param status  an HTTP error status (4xx or 5xx)
     * @param message what the client reads
     */
    public ApiException(int status, String message) {
        this(status, message, Map.of());
    }

    private ApiException(int status, String message, Map<String, String> headers) {
        // a client's mistake: no stack trace to fill or log
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    /** The same refusal with one more response header, e.g. {@code Retry-After}. */
    public ApiException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiException(status, getMessage(), more);
    }

    public int status() {
        return status;
    }

    /** Headers to send with the answer (unmodifiable). */
    public Map<String, String> headers() {
        return headers;
    }

    /** 400: a parameter or body the client got wrong; the message names it. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** 404: the message says what does not exist. */
    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** 404 for a meter id that names no configured meter. */
    public static ApiException noMeter(String id) {
        return new ApiException(404, "no meter " + quote(id) + " is configured");
    }

    /** 403: authenticated, but not allowed. */
    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    /** 409: the request contradicts the current state. */
    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    /** 503 with {@code Retry-After}: try again later; the message says whether resending is safe. */
    public static ApiException unavailable(String message, long retryAfterSeconds) {
        return new ApiException(503, message).withHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
    }

    /**
     * A client's text fit to quote in a message: at most 40 characters, control characters replaced
     * by '?', so that a message can neither grow without bound nor forge lines in a log.
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
