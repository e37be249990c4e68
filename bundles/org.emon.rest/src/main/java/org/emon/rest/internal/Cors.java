package org.emon.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CORS policy (Fetch standard): which origins may call the API from a browser, and the headers
 * that tell the browser so. Tokens travel in headers, never in cookies, so credentials are never
 * allowed and {@code *} is safe to answer for "any origin".
 */
final class Cors {

    private static final Logger LOG = LoggerFactory.getLogger(Cors.class);
    /** {@code https://host} or {@code http://host:port}: an origin has no path, query or user. */
    private static final Pattern ORIGIN = Pattern.compile("https?://[a-z0-9.\\-\\[\\]:]+?(:[0-9]{1,5})?", Pattern.CASE_INSENSITIVE);
    static final String ANY = "*";

    private final Set<String> origins;
    private final boolean any;
    private final String methods;
    private final Set<String> methodSet;
    private final String headers;
    private final String exposed;
    private final String maxAge;

    Cors(CorsConfig config) {
        this(config.allowed_origins(), config.allowed_methods(), config.allowed_headers(), config.exposed_headers(),
                config.max_age());
    }

    Cors(String[] origins, String[] methods, String[] headers, String[] exposed, int maxAgeSeconds) {
        Set<String> allowed = new LinkedHashSet<>();
        boolean wildcard = false;
        for (String origin : split(origins)) {
            String o = origin.replaceAll("/+$", "").toLowerCase(Locale.ROOT);
            if (o.equals(ANY)) {
                wildcard = true;
            } else if (ORIGIN.matcher(o).matches()) {
                allowed.add(o);
            } else {
                LOG.error("CORS: allowed.origins entry '{}' is not an origin (scheme://host[:port]); ignored", origin);
            }
        }
        this.origins = Set.copyOf(allowed);
        this.any = wildcard;
        List<String> methodList = split(methods).stream().map(m -> m.toUpperCase(Locale.ROOT)).toList();
        this.methodSet = Set.copyOf(methodList);
        this.methods = String.join(", ", methodList);
        this.headers = String.join(", ", split(headers));
        this.exposed = String.join(", ", split(exposed));
        this.maxAge = Integer.toString(Math.max(0, maxAgeSeconds));
    }

    /** Values from a .cfg file arrive as one string "a, b": each element split at commas. */
    private static List<String> split(String[] values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.strip());
                    }
                }
            }
        }
        return out;
    }

    boolean enabled() {
        return any || !origins.isEmpty();
    }

    boolean allows(String origin) {
        return origin != null && (any || origins.contains(origin.toLowerCase(Locale.ROOT)));
    }

    /**
     * The answer to a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}), or
     * {@code null} if this origin or method is not allowed: the request then goes on as any other.
     */
    Map<String, String> preflight(String origin, String requestMethod) {
        if (!allows(origin) || requestMethod == null || !methodSet.contains(requestMethod.strip().toUpperCase(Locale.ROOT))) {
            return null;
        }
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("Access-Control-Allow-Origin", any ? ANY : origin);
        answer.put("Access-Control-Allow-Methods", methods);
        answer.put("Access-Control-Allow-Headers", headers);
        answer.put("Access-Control-Max-Age", maxAge);
        if (!any) {
            answer.put("Vary", "Origin");
        }
        return answer;
    }

    /** Headers for the answer to an actual request from {@code origin}; empty if none. */
    Map<String, String> actual(String origin) {
        Map<String, String> answer = new LinkedHashMap<>();
        if (!enabled()) {
            return answer;
        }
        if (!any) {
            answer.put("Vary", "Origin"); // the answer differs by origin: caches must keep them apart
        }
        if (allows(origin)) {
            answer.put("Access-Control-Allow-Origin", any ? ANY : origin);
            if (!exposed.isEmpty()) {
                answer.put("Access-Control-Expose-Headers", exposed);
            }
        }
        return answer;
    }
}
