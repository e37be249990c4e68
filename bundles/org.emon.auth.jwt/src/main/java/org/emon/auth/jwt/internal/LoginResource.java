package org.emon.auth.jwt.internal;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.emon.api.rest.ApiException;
import org.emon.api.rest.BodyLimit;
import org.emon.api.rest.Public;
import org.emon.api.rest.RestProperties;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code POST /api/login} (and {@code /apiv2/login}): a JSON or form body with {@code username} and
 * {@code password}; answers {@code {"token":..,"expires":..,"user":{..}}} or a 401 that does not
 * tell an unknown user from a wrong password. Whatever the client sends, the answer is never a 500.
 */
@Component(service = LoginResource.class, property = RestProperties.RESOURCE + "=true")
@Path("login")
@Public
public class LoginResource {

    static final int MAX_BODY_BYTES = 8 * 1024;
    static final String REFUSED = "Wrong username or password";
    static final String MISSING = "A username and a password are required (JSON or form fields)";

    private final AuthService auth;

    @Activate
    public LoginResource(@Reference AuthService auth) {
        this.auth = auth;
    }

    /**
     * No {@code @Consumes}: any content type reaches this method and is judged by {@link #handle}.
     * The client address is the connection's: X-Forwarded-For is not trusted, anyone can send it.
     */
    @POST
    @Public
    @BodyLimit(MAX_BODY_BYTES)
    public Response login(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Context HttpServletRequest request, byte[] body) {
        Reply reply = handle(contentType, body, request == null ? null : request.getRemoteAddr());
        if (reply.status() >= 400) {
            ApiException refusal = new ApiException(reply.status(), reply.message());
            for (Map.Entry<String, String> header : reply.headers().entrySet()) {
                refusal = refusal.withHeader(header.getKey(), header.getValue());
            }
            throw refusal;
        }
        Response.ResponseBuilder b = Response.ok(reply.json()).type(MediaType.APPLICATION_JSON_TYPE);
        reply.headers().forEach(b::header);
        return b.build();
    }

    /**
     * What to answer, as plain data (so it can be tested without a JAX-RS runtime): the token's
     * JSON for a 200, else the message of the refusal.
     */
    record Reply(int status, String json, String message, Map<String, String> headers) {
    }

    record Credentials(String username, String password) {
    }

    Reply handle(String contentType, byte[] body, String clientAddress) {
        Credentials c = parse(contentType, body == null ? new byte[0] : body);
        if (c == null || c.username().isEmpty() || c.password().isEmpty()) {
            return refused(401, MISSING, Map.of());
        }
        LoginOutcome outcome = auth.login(c.username(), c.password(), clientAddress);
        switch (outcome.kind()) {
            case SUCCESS:
                Map<String, String> h = new LinkedHashMap<>();
                h.put(HttpHeaders.CACHE_CONTROL, "no-store");
                h.put("Pragma", "no-cache");
                return new Reply(200, JsonBodies.loginSuccess(outcome.token()), null, h);
            case THROTTLED:
                return refused(429, "Too many failed logins; try again later", Map.of(HttpHeaders.RETRY_AFTER, seconds(outcome)));
            case BUSY:
                return refused(503, "Too many logins at once; try again shortly", Map.of(HttpHeaders.RETRY_AFTER, seconds(outcome)));
            case REFUSED:
            default:
                return refused(401, REFUSED, Map.of());
        }
    }

    private static String seconds(LoginOutcome outcome) {
        long s = outcome.retryAfter().toSeconds() + (outcome.retryAfter().toNanosPart() > 0 ? 1 : 0);
        return Long.toString(Math.max(1, s));
    }

    private static Reply refused(int status, String message, Map<String, String> headers) {
        return new Reply(status, null, message, headers);
    }

    /** The credentials in a JSON object or a urlencoded form; null if there are none to be had. */
    static Credentials parse(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        try {
            if (type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"))) {
                return parseJson(body);
            }
            if (type.equals(MediaType.APPLICATION_FORM_URLENCODED)) {
                return parseForm(new String(body, StandardCharsets.UTF_8));
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // malformed JSON, bad escapes: the same 401 as missing fields
        }
    }

    private static Credentials parseJson(byte[] body) throws IOException {
        if (body.length == 0) {
            return null;
        }
        JsonNode node = JsonBodies.MAPPER.readTree(body);
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode u = node.get("username");
        JsonNode p = node.get("password");
        if (u == null || p == null || !u.isTextual() || !p.isTextual()) {
            return null;
        }
        return new Credentials(u.textValue(), p.textValue());
    }

    private static Credentials parseForm(String body) {
        String username = null;
        String password = null;
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (name.equals("username") && username == null) {
                username = value;
            } else if (name.equals("password") && password == null) {
                password = value;
            }
        }
        return username == null || password == null ? null : new Credentials(username, password);
    }
}
