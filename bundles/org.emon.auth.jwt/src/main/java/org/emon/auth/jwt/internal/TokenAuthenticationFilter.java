package org.emon.auth.jwt.internal;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Optional;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.SecurityContext;

import org.emon.api.rest.ApiException;
import org.emon.api.rest.Public;
import org.emon.api.rest.RestProperties;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Lets a request reach its resource method only if the method (or its class) is {@link Public} or
 * the request carries a valid token in {@code X-Access-Token} or {@code Authorization: Bearer}: a
 * login token (JWT) or an API token.
 * Otherwise a 401 {@link ApiException} with {@code WWW-Authenticate: Bearer}. Roles are checked
 * after this, by the REST layer, from the security context set here.
 */
@Component(service = ContainerRequestFilter.class, property = {
        RestProperties.EXTENSION + "=true",
        RestProperties.AUTHENTICATION + "=true"})
@Priority(Priorities.AUTHENTICATION)
public class TokenAuthenticationFilter implements ContainerRequestFilter {

    static final String X_ACCESS_TOKEN = "X-Access-Token";
    static final String MISSING = "Authentication required: send a token from /api/login in the X-Access-Token"
            + " header or as Authorization: Bearer <token>";
    static final String INVALID = "Invalid or expired token; log in again";
    static final String REALM = "Bearer realm=\"emon\"";

    private final AuthService auth;

    /**
     * Jersey injects a proxy here. It is only the fallback: with Jersey the request's own UriInfo is
     * the ResourceInfo, which stays right even if the REST layer shares this one instance between
     * several applications or rebuilds its application while requests are in flight.
     */
    @Context
    ResourceInfo resourceInfo;

    @Activate
    public TokenAuthenticationFilter(@Reference AuthService auth) {
        this.auth = auth;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Decision d = decide(isPublic(request),
                request.getHeaderString(X_ACCESS_TOKEN),
                request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (d.caller() != null) {
            SecurityContext previous = request.getSecurityContext();
            boolean secure = previous != null && previous.isSecure();
            request.setSecurityContext(new TokenSecurityContext(d.caller(), secure));
        } else if (d.denial() != null) {
            throw new ApiException(401, d.denial()).withHeader(HttpHeaders.WWW_AUTHENTICATE, d.wwwAuthenticate())
                    .withHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }

    /**
     * Outcome for one request: public (all null), authenticated ({@code caller} set) or refused
     * ({@code denial} and {@code wwwAuthenticate} set).
     */
    record Decision(Caller caller, String denial, String wwwAuthenticate) {
        static final Decision PUBLIC = new Decision(null, null, null);
    }

    Decision decide(boolean isPublic, String xAccessToken, String authorization) {
        if (isPublic) {
            return Decision.PUBLIC;
        }
        Optional<String> presented = extractToken(xAccessToken, authorization);
        if (presented.isEmpty()) {
            return new Decision(null, MISSING, REALM);
        }
        return auth.caller(presented.get())
                .map(c -> new Decision(c, null, null))
                .orElseGet(() -> new Decision(null, INVALID, REALM + ", error=\"invalid_token\""));
    }

    /** The token from {@code X-Access-Token} (the original's header) or else a Bearer authorization. */
    static Optional<String> extractToken(String xAccessToken, String authorization) {
        if (xAccessToken != null && !xAccessToken.isBlank()) {
            return Optional.of(xAccessToken.trim());
        }
        if (authorization != null) {
            String a = authorization.trim();
            if (a.length() > 7 && a.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
                String t = a.substring(7).trim();
                if (!t.isEmpty()) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }

    private boolean isPublic(ContainerRequestContext request) {
        ResourceInfo info = null;
        try {
            if (request.getUriInfo() instanceof ResourceInfo) {
                info = (ResourceInfo) request.getUriInfo();
            } else {
                info = resourceInfo;
            }
            return info != null && isPublic(info.getResourceClass(), info.getResourceMethod());
        } catch (RuntimeException e) {
            return false; // cannot tell: treat as protected
        }
    }

    static boolean isPublic(Class<?> resourceClass, Method method) {
        if (method == null) {
            return false;
        }
        Class<?> cls = resourceClass != null ? resourceClass : method.getDeclaringClass();
        return method.isAnnotationPresent(Public.class) || cls.isAnnotationPresent(Public.class);
    }
}
