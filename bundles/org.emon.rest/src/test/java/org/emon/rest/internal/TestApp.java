package org.emon.rest.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.emon.api.rest.Public;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The REST application as {@link RestServlet} builds it, run in memory (no socket), with a stand-in
 * for the token filter: {@code X-Access-Token: admin} or {@code viewer} is a user of that role,
 * anything else is refused like a bad token, and {@link Public} methods need none.
 */
final class TestApp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "admin";
    static final String VIEWER = "viewer";

    /** An answer: status, body text and headers (first value of each). */
    record Answer(int status, String body, Map<String, String> headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String message() {
            return json().get("message").asText();
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst()
                    .orElse(null);
        }

        String type() {
            return header("Content-Type");
        }
    }

    private final ApplicationHandler app;

    TestApp(Object... components) {
        this(List.of(components));
    }

    TestApp(List<Object> components) {
        this(new TestAuthentication(), components);
    }

    /** With another authentication filter, e.g. the real one. */
    TestApp(ContainerRequestFilter authentication, List<Object> components) {
        this.app = new ApplicationHandler(RestServlet.application(authentication, components));
    }

    /** An application that is "starting" while {@code starting} says so. */
    TestApp(BooleanSupplier starting, Object... components) {
        this.app = new ApplicationHandler(RestServlet.application(new TestAuthentication(), List.of(components), starting));
    }

    /** {@code path} includes the prefix, e.g. {@code /api/v1/status} ({@code /metrics} has none); headers as name, value pairs. */
    Answer call(String method, String path, String body, String... headers) {
        String prefix = path.startsWith(PrefixFilter.LEGACY_API + "/") || path.equals(PrefixFilter.LEGACY_API)
                ? PrefixFilter.LEGACY_API
                : path.startsWith(PrefixFilter.API + "/") || path.equals(PrefixFilter.API) ? PrefixFilter.API : PrefixFilter.ROOT;
        URI base = URI.create("http://localhost" + prefix + "/");
        ContainerRequest request = new ContainerRequest(base, URI.create("http://localhost" + path), method, null,
                new MapPropertiesDelegate(), app.getConfiguration());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            request.header("Content-Length", Integer.toString(bytes.length));
            request.setEntityStream(new ByteArrayInputStream(bytes));
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ContainerResponse response = app.apply(request, out).get();
            Map<String, String> answerHeaders = new LinkedHashMap<>();
            response.getStringHeaders().forEach((name, values) -> answerHeaders.put(name, String.join(",", values)));
            return new Answer(response.getStatus(), out.toString(StandardCharsets.UTF_8), answerHeaders);
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    Answer get(String path, String role, String... headers) {
        return call("GET", path, null, withToken(role, headers));
    }

    Answer send(String method, String path, String role, String json) {
        return call(method, path, json, withToken(role, "Content-Type", MediaType.APPLICATION_JSON));
    }

    static String[] withToken(String role, String... headers) {
        if (role == null) {
            return headers;
        }
        String[] all = new String[headers.length + 2];
        all[0] = "X-Access-Token";
        all[1] = role;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return all;
    }

    /** Stands in for org.emon.auth.jwt's filter, with the same rule for public methods. */
    @Priority(Priorities.AUTHENTICATION)
    static final class TestAuthentication implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            ResourceInfo info = (ResourceInfo) request.getUriInfo();
            Method method = info.getResourceMethod();
            if (method != null && (method.isAnnotationPresent(Public.class) || info.getResourceClass().isAnnotationPresent(Public.class))) {
                return;
            }
            String token = request.getHeaderString("X-Access-Token");
            if (!ADMIN.equals(token) && !VIEWER.equals(token)) {
                request.abortWith(Response.fromResponse(JsonExceptionMapper.error(401, "Authentication required"))
                        .header("WWW-Authenticate", "Bearer realm=\"emon\"").build());
                return;
            }
            request.setSecurityContext(new SecurityContext() {
                @Override
                public Principal getUserPrincipal() {
                    return () -> token + "-user";
                }

                @Override
                public boolean isUserInRole(String role) {
                    return role.equals(token) || (role.equals(VIEWER) && token.equals(ADMIN));
                }

                @Override
                public boolean isSecure() {
                    return false;
                }

                @Override
                public String getAuthenticationScheme() {
                    return "Bearer";
                }
            });
        }
    }
}
