package org.emon.auth.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.annotation.Priority;
import javax.ws.rs.GET;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.emon.api.rest.Public;
import org.emon.api.rest.RestProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenAuthenticationFilterTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private AuthService auth;
    private TokenAuthenticationFilter filter;
    private String adminToken;

    // Sample resources
    public static class Protected {
        @GET
        public String secret() {
            return "s";
        }

        @GET
        @Public
        public String open() {
            return "o";
        }
    }

    @Public
    public static class AllPublic {
        @GET
        public String hello() {
            return "h";
        }
    }

    @BeforeEach
    void setUp() {
        auth = TestAuth.create(dir, clock, PasswordHasher.insecureForTests(1_000));
        filter = new TokenAuthenticationFilter(auth);
        adminToken = auth.login("admin", TestAuth.ADMIN_PASSWORD, TestAuth.CLIENT).token().token();
    }

    @Test
    void publicMethodsAndClassesNeedNoToken() throws Exception {
        assertThat(TokenAuthenticationFilter.isPublic(Protected.class, Protected.class.getMethod("open"))).isTrue();
        assertThat(TokenAuthenticationFilter.isPublic(AllPublic.class, AllPublic.class.getMethod("hello"))).isTrue();
        assertThat(TokenAuthenticationFilter.isPublic(null, AllPublic.class.getMethod("hello"))).isTrue();
        assertThat(TokenAuthenticationFilter.isPublic(Protected.class, Protected.class.getMethod("secret"))).isFalse();
        assertThat(TokenAuthenticationFilter.isPublic(Protected.class, null)).isFalse();
        assertThat(filter.decide(true, null, null)).isEqualTo(TokenAuthenticationFilter.Decision.PUBLIC);
    }

    @Test
    void missingTokenIsRefusedWithBearerChallenge() {
        TokenAuthenticationFilter.Decision d = filter.decide(false, null, null);
        assertThat(d.caller()).isNull();
        assertThat(d.denial()).isEqualTo(TokenAuthenticationFilter.MISSING);
        assertThat(d.wwwAuthenticate()).startsWith("Bearer");
        assertThat(filter.decide(false, "  ", "Basic YWRtaW46eA==").denial()).isEqualTo(TokenAuthenticationFilter.MISSING);
        assertThat(filter.decide(false, null, "Bearer ").denial()).isEqualTo(TokenAuthenticationFilter.MISSING);
    }

    @Test
    void invalidTokenIsRefusedWithoutEchoingIt() {
        String bogus = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.";
        TokenAuthenticationFilter.Decision d = filter.decide(false, bogus, null);
        assertThat(d.denial()).isEqualTo(TokenAuthenticationFilter.INVALID).doesNotContain(bogus);
        assertThat(d.wwwAuthenticate()).contains("invalid_token");

        clock.advance(java.time.Duration.ofHours(2));
        assertThat(filter.decide(false, adminToken, null).denial()).isEqualTo(TokenAuthenticationFilter.INVALID);
    }

    @Test
    void acceptsXAccessTokenAndBearer() {
        assertThat(filter.decide(false, adminToken, null).caller().name()).isEqualTo("admin");
        assertThat(filter.decide(false, null, "Bearer " + adminToken).caller().roles()).contains("admin");
        assertThat(filter.decide(false, null, "bearer   " + adminToken + " ").caller()).isNotNull();
        assertThat(TokenAuthenticationFilter.extractToken(" abc ", "Bearer def")).contains("abc");
        assertThat(TokenAuthenticationFilter.extractToken(null, "Bearerabc")).isEmpty();
    }

    @Test
    void filterSetsSecurityContextFromTheToken() throws Exception {
        FakeRequest req = new FakeRequest(Protected.class, Protected.class.getMethod("secret"));
        req.headers.put("X-Access-Token", adminToken);
        filter.filter(req.proxy());
        assertThat(req.aborted.get()).isNull();
        SecurityContext sc = req.securityContext.get();
        assertThat(sc.getUserPrincipal().getName()).isEqualTo("admin");
        assertThat(sc.isUserInRole(RestProperties.ROLE_ADMIN)).isTrue();
        assertThat(sc.isUserInRole(RestProperties.ROLE_VIEWER)).isTrue();
        assertThat(sc.isUserInRole("root")).isFalse();
        assertThat(sc.getAuthenticationScheme()).isEqualTo("Bearer");
    }

    @Test
    void viewerIsNotAdmin() throws Exception {
        auth.users().add("watcher", "watcher-password", RestProperties.ROLE_VIEWER);
        String token = auth.login("watcher", "watcher-password", TestAuth.CLIENT).token().token();
        FakeRequest req = new FakeRequest(Protected.class, Protected.class.getMethod("secret"));
        req.headers.put("Authorization", "Bearer " + token);
        filter.filter(req.proxy());
        SecurityContext sc = req.securityContext.get();
        assertThat(sc.getUserPrincipal().getName()).isEqualTo("watcher");
        assertThat(sc.isUserInRole(RestProperties.ROLE_VIEWER)).isTrue();
        assertThat(sc.isUserInRole(RestProperties.ROLE_ADMIN)).isFalse();
    }

    @Test
    void filterLetsPublicMethodsThroughUntouched() throws Exception {
        FakeRequest req = new FakeRequest(AllPublic.class, AllPublic.class.getMethod("hello"));
        filter.filter(req.proxy());
        assertThat(req.aborted.get()).isNull();
        assertThat(req.securityContext.get()).isNull();

        // Fallback: a UriInfo that is not a ResourceInfo, injected ResourceInfo used instead
        FakeRequest plain = new FakeRequest(null, null);
        filter.resourceInfo = resourceInfo(Protected.class, Protected.class.getMethod("open"));
        filter.filter(plain.proxy());
        assertThat(plain.aborted.get()).isNull();
    }

    @Test
    void isPostMatchingAuthenticationPriority() {
        assertThat(TokenAuthenticationFilter.class.isAnnotationPresent(PreMatching.class)).isFalse();
        assertThat(TokenAuthenticationFilter.class.getAnnotation(Priority.class).value())
                .isEqualTo(Priorities.AUTHENTICATION);
    }

    @Test
    void componentDescriptorCarriesTheRestProperties() throws Exception {
        String xml = new String(getClass().getResourceAsStream(
                "/OSGI-INF/org.emon.auth.jwt.internal.TokenAuthenticationFilter.xml").readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(xml).contains("<property name=\"osgi.jaxrs.extension\" type=\"String\" value=\"true\"/>")
                .contains("<property name=\"emon.rest.authentication\" type=\"String\" value=\"true\"/>")
                .contains("<provide interface=\"javax.ws.rs.container.ContainerRequestFilter\"/>");
    }

    private static ResourceInfo resourceInfo(Class<?> cls, Method m) {
        return (ResourceInfo) Proxy.newProxyInstance(ResourceInfo.class.getClassLoader(),
                new Class<?>[] {ResourceInfo.class}, (p, method, args) -> switch (method.getName()) {
                    case "getResourceClass" -> cls;
                    case "getResourceMethod" -> m;
                    default -> null;
                });
    }

    /** A ContainerRequestContext with just what the filter uses; Jersey's UriInfo is a ResourceInfo. */
    private static final class FakeRequest {
        final Map<String, String> headers = new HashMap<>();
        final AtomicReference<SecurityContext> securityContext = new AtomicReference<>();
        final AtomicReference<Object> aborted = new AtomicReference<>();
        private final Class<?> cls;
        private final Method method;

        FakeRequest(Class<?> cls, Method method) {
            this.cls = cls;
            this.method = method;
        }

        ContainerRequestContext proxy() {
            Object uriInfo = cls == null
                    ? Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                            (p, m, a) -> null)
                    : Proxy.newProxyInstance(UriInfo.class.getClassLoader(),
                            new Class<?>[] {UriInfo.class, ResourceInfo.class}, (p, m, a) -> switch (m.getName()) {
                                case "getResourceClass" -> cls;
                                case "getResourceMethod" -> method;
                                default -> null;
                            });
            return (ContainerRequestContext) Proxy.newProxyInstance(ContainerRequestContext.class.getClassLoader(),
                    new Class<?>[] {ContainerRequestContext.class}, (p, m, args) -> {
                        switch (m.getName()) {
                            case "getHeaderString":
                                return headers.get((String) args[0]);
                            case "getUriInfo":
                                return uriInfo;
                            case "getSecurityContext":
                                return securityContext.get();
                            case "setSecurityContext":
                                securityContext.set((SecurityContext) args[0]);
                                return null;
                            case "abortWith":
                                aborted.set(args[0]);
                                return null;
                            default:
                                throw new UnsupportedOperationException(m.getName());
                        }
                    });
        }
    }

    @Test
    void apiTokensGetTheRolesOfTheirScopeAndUsersNeverTheScopeOnlyRoles() throws Exception {
        assertThat(filter.decide(false, adminToken, null).caller().roles()).containsExactlyInAnyOrder("admin", "viewer");
        java.util.Map<org.emon.api.auth.ApiTokenScope, java.util.Set<String>> expected = java.util.Map.of(
                org.emon.api.auth.ApiTokenScope.READ, java.util.Set.of("viewer"),
                org.emon.api.auth.ApiTokenScope.METRICS, java.util.Set.of("metrics"),
                org.emon.api.auth.ApiTokenScope.INGEST, java.util.Set.of("ingest"),
                org.emon.api.auth.ApiTokenScope.ADMIN, java.util.Set.of("admin", "viewer"));
        for (var e : expected.entrySet()) {
            String secret = auth.apiTokens().create("t-" + e.getKey().id(), e.getKey()).secret();
            Caller caller = filter.decide(false, null, "Bearer " + secret).caller();
            assertThat(caller.roles()).as(e.getKey().id()).isEqualTo(e.getValue());
            assertThat(caller.name()).isEqualTo("token:t-" + e.getKey().id());
        }
        // a role claim of ingest or metrics in a login token is not a role a user can have
        String forged = auth.tokens().issue("admin", "ingest").token();
        assertThat(filter.decide(false, forged, null).denial()).isEqualTo(TokenAuthenticationFilter.INVALID);
        assertThat(filter.decide(false, "emon_" + "A".repeat(43), null).denial()).isEqualTo(TokenAuthenticationFilter.INVALID);
    }
}
