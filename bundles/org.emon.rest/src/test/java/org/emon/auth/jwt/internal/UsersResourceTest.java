package org.emon.auth.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.emon.rest.internal.RestServlet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The users and login resources of org.emon.auth.jwt through the REST layer's real application (in
 * memory, no socket: the pipeline's role check, body limit, strict JSON reader and error mapper)
 * with the real token filter in front of it, mounted at {@code /api/} as the REST servlet mounts it.
 */
class UsersResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "http://localhost/api/";
    private static final String APP_JSON = "application/json";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private AuthService auth;
    private ApplicationHandler app;
    private String adminToken;
    private String viewerToken;

    record Answer(int status, String body, String location, String contentType) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }

        String message() throws Exception {
            return json().get("message").asText();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        auth = TestAuth.create(dir, clock, PasswordHasher.insecureForTests(1_000));
        auth.users().add("watcher", "watcher-password", "viewer");
        adminToken = token("admin", TestAuth.ADMIN_PASSWORD);
        viewerToken = token("watcher", "watcher-password");
        app = new ApplicationHandler(RestServlet.application(new TokenAuthenticationFilter(auth),
                List.of(new UsersResource(auth), new LoginResource(auth))));
    }

    private String token(String name, String password) {
        return auth.login(name, password, TestAuth.CLIENT).token().token();
    }

    private Answer call(String method, String path, String token, String contentType, String body) throws Exception {
        ContainerRequest request = new ContainerRequest(URI.create(BASE), URI.create(BASE + path), method, null,
                new MapPropertiesDelegate(), app.getConfiguration());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (body != null) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            request.header("Content-Length", Integer.toString(bytes.length));
            request.setEntityStream(new ByteArrayInputStream(bytes));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContainerResponse response = app.apply(request, out).get();
        URI location = response.getLocation();
        return new Answer(response.getStatus(), out.toString(StandardCharsets.UTF_8),
                location == null ? null : location.toString(),
                response.getMediaType() == null ? null : response.getMediaType().toString());
    }

    private Answer admin(String method, String path, String body) throws Exception {
        return call(method, path, adminToken, body == null ? null : APP_JSON, body);
    }

    @Test
    void listsUsersWithTheirRolesAndNeverAHash() throws Exception {
        Answer a = admin("GET", "v1/users", null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).isEqualTo(APP_JSON);
        assertThat(a.body()).isEqualTo("[{\"name\":\"admin\",\"role\":\"admin\"},{\"name\":\"watcher\",\"role\":\"viewer\"}]");
        assertThat(a.body()).doesNotContain("pbkdf2");
    }

    @Test
    void withoutATokenEveryEndpointIs401() throws Exception {
        for (String[] c : endpoints()) {
            Answer a = call(c[0], c[1], null, c[2] == null ? null : APP_JSON, c[2]);
            assertThat(a.status()).as(c[0] + " " + c[1]).isEqualTo(401);
            assertThat(a.json().get("status").asInt()).isEqualTo(401);
        }
        assertThat(call("GET", "v1/users", "not-a-token", null, null).status()).isEqualTo(401);
    }

    @Test
    void aViewerGets403EverywhereAndChangesNothing() throws Exception {
        for (String[] c : endpoints()) {
            Answer a = call(c[0], c[1], viewerToken, c[2] == null ? null : APP_JSON, c[2]);
            assertThat(a.status()).as(c[0] + " " + c[1]).isEqualTo(403);
            assertThat(a.json().get("status").asInt()).isEqualTo(403);
            assertThat(a.message()).isEqualTo("forbidden: this needs a user with the admin role");
        }
        assertThat(auth.users().list()).extracting(UserStore.User::username).containsExactly("admin", "watcher");
        assertThat(auth.users().find("watcher").orElseThrow().role()).isEqualTo("viewer");
    }

    private static String[][] endpoints() {
        return new String[][] {
                {"GET", "v1/users", null},
                {"GET", "v1/users/admin", null},
                {"POST", "v1/users", "{\"name\":\"eve\",\"password\":\"eve-password\",\"role\":\"admin\"}"},
                {"PUT", "v1/users/watcher", "{\"role\":\"admin\"}"},
                {"DELETE", "v1/users/admin", null},
        };
    }

    @Test
    void getOne() throws Exception {
        Answer a = admin("GET", "v1/users/watcher", null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo("{\"name\":\"watcher\",\"role\":\"viewer\"}");
        Answer unknown = admin("GET", "v1/users/nobody", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.message()).contains("nobody");
        Answer invalid = admin("GET", "v1/users/bad%20name", null);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.message()).startsWith("name must be");
    }

    @Test
    void createAnswers201WithLocationAndTheUserCanLogIn() throws Exception {
        Answer a = admin("POST", "v1/users", "{\"name\":\"bob@example.org\",\"password\":\"bob-password\",\"role\":\"viewer\"}");
        assertThat(a.status()).isEqualTo(201);
        assertThat(a.location()).isEqualTo(BASE + "v1/users/bob@example.org");
        assertThat(a.body()).isEqualTo("{\"name\":\"bob@example.org\",\"role\":\"viewer\"}");
        assertThat(auth.login("bob@example.org", "bob-password", TestAuth.CLIENT).kind()).isEqualTo(LoginOutcome.Kind.SUCCESS);
        assertThat(Files.readString(dir.resolve("users.properties"))).contains("bob@example.org=viewer,pbkdf2-sha256$")
                .doesNotContain("bob-password");
        assertThat(admin("GET", "v1/users/bob@example.org", null).status()).isEqualTo(200);

        Answer again = admin("POST", "v1/users", "{\"name\":\"bob@example.org\",\"password\":\"bob-password\",\"role\":\"viewer\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.message()).contains("exists already");
        assertThat(admin("POST", "v1/users", "{\"name\":\"ADMIN\",\"password\":\"bob-password\",\"role\":\"viewer\"}").status())
                .as("names differing only in case").isEqualTo(409);
    }

    @Test
    void badCreateBodiesAre400NamingTheField() throws Exception {
        String[][] cases = {
                {"{\"password\":\"password1\",\"role\":\"viewer\"}", "name is required"},
                {"{\"name\":\"bad name\",\"password\":\"password1\",\"role\":\"viewer\"}", "name must be"},
                {"{\"name\":\"..\",\"password\":\"password1\",\"role\":\"viewer\"}", "name must be"},
                {"{\"name\":7,\"password\":\"password1\",\"role\":\"viewer\"}", "name must be a string"},
                {"{\"name\":\"carl\",\"role\":\"viewer\"}", "password is required"},
                {"{\"name\":\"carl\",\"password\":\"short\",\"role\":\"viewer\"}", "password must be 8 to 1024 characters"},
                {"{\"name\":\"carl\",\"password\":[\"password1\"],\"role\":\"viewer\"}", "password must be a string"},
                {"{\"name\":\"carl\",\"password\":\"password1\"}", "role is required"},
                {"{\"name\":\"carl\",\"password\":\"password1\",\"role\":\"root\"}", "role must be viewer or admin, not 'root'"},
                {"{\"name\":\"carl\",\"password\":\"password1\",\"role\":\"Admin\"}", "role must be viewer or admin"},
                {"{\"name\":\"carl\",\"password\":\"password1\",\"role\":\"viewer\",\"admin\":true}", "unknown field 'admin'"},
                {"{\"name\":\"carl\",\"name\":\"dora\",\"password\":\"password1\",\"role\":\"viewer\"}", "malformed JSON"},
                {"{\"name\":\"carl\"", "malformed JSON"},
                {"{\"name\":\"carl\",\"password\":\"password1\",\"role\":\"viewer\"} {}", "malformed JSON"},
                {"[]", "must be a JSON object"},
                {"null", "must be a JSON object"},
                {"", "empty request body"},
                {"[".repeat(2000), "malformed JSON"},
        };
        for (String[] c : cases) {
            Answer a = admin("POST", "v1/users", c[0]);
            assertThat(a.status()).as(c[0]).isEqualTo(400);
            assertThat(a.message()).as(c[0]).contains(c[1]);
            assertThat(a.message()).as("the password is never echoed").doesNotContain("password1");
        }
        assertThat(auth.users().list()).hasSize(2);
    }

    @Test
    void nonJsonIs415AndOversizedIs413() throws Exception {
        String body = "{\"name\":\"carl\",\"password\":\"password1\",\"role\":\"viewer\"}";
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/xml"}) {
            Answer a = call("POST", "v1/users", adminToken, type, body);
            assertThat(a.status()).as(type).isEqualTo(415);
            assertThat(a.json().get("status").asInt()).isEqualTo(415);
        }
        assertThat(call("POST", "v1/users", adminToken, null, body).status()).isEqualTo(415);
        assertThat(call("PUT", "v1/users/watcher", adminToken, "text/plain", "{\"role\":\"admin\"}").status()).isEqualTo(415);
        assertThat(call("POST", "v1/users", adminToken, "application/json; charset=utf-8", body).status()).isEqualTo(201);

        String big = "{\"name\":\"dora\",\"password\":\"" + "p".repeat(5000) + "\",\"role\":\"viewer\"}";
        Answer a = admin("POST", "v1/users", big);
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.message()).contains("4096");
        // without a Content-Length (chunked) the limit holds while reading
        ContainerRequest chunked = new ContainerRequest(URI.create(BASE), URI.create(BASE + "v1/users"), "POST", null,
                new MapPropertiesDelegate(), app.getConfiguration());
        chunked.header("Authorization", "Bearer " + adminToken);
        chunked.header("Content-Type", APP_JSON);
        chunked.setEntityStream(new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)));
        assertThat(app.apply(chunked, new ByteArrayOutputStream()).get().getStatus()).isEqualTo(413);
        assertThat(auth.users().find("dora")).isEmpty();
    }

    @Test
    void updatePasswordEndsTheUsersSessions() throws Exception {
        Answer a = admin("PUT", "v1/users/watcher", "{\"password\":\"a-new-password\"}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo("{\"name\":\"watcher\",\"role\":\"viewer\"}");
        assertThat(auth.login("watcher", "watcher-password", TestAuth.CLIENT).kind()).isEqualTo(LoginOutcome.Kind.REFUSED);
        assertThat(auth.login("watcher", "a-new-password", TestAuth.CLIENT).kind()).isEqualTo(LoginOutcome.Kind.SUCCESS);
        assertThat(call("GET", "v1/users", viewerToken, null, null).status()).as("old session").isEqualTo(401);
    }

    @Test
    void updateRoleAndBoth() throws Exception {
        Answer a = admin("PUT", "v1/users/watcher", "{\"role\":\"admin\"}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo("{\"name\":\"watcher\",\"role\":\"admin\"}");
        String promoted = token("watcher", "watcher-password");
        assertThat(call("GET", "v1/users", promoted, null, null).status()).isEqualTo(200);

        Answer both = admin("PUT", "v1/users/watcher", "{\"role\":\"viewer\",\"password\":\"both-changed\"}");
        assertThat(both.status()).isEqualTo(200);
        assertThat(both.json().get("role").asText()).isEqualTo("viewer");
        assertThat(auth.login("watcher", "both-changed", TestAuth.CLIENT).kind()).isEqualTo(LoginOutcome.Kind.SUCCESS);
    }

    @Test
    void badUpdates() throws Exception {
        assertThat(admin("PUT", "v1/users/watcher", "{}").message()).contains("password and/or role");
        assertThat(admin("PUT", "v1/users/watcher", "{\"role\":\"root\"}").status()).isEqualTo(400);
        assertThat(admin("PUT", "v1/users/watcher", "{\"password\":\"short\"}").message()).startsWith("password must be");
        assertThat(admin("PUT", "v1/users/watcher", "{\"name\":\"renamed\"}").message()).contains("unknown field 'name'");
        assertThat(admin("PUT", "v1/users/nobody", "{\"role\":\"admin\"}").status()).isEqualTo(404);
        Answer last = admin("PUT", "v1/users/admin", "{\"role\":\"viewer\",\"password\":\"not-applied\"}");
        assertThat(last.status()).isEqualTo(409);
        assertThat(last.message()).contains("last admin");
        assertThat(auth.login("admin", TestAuth.ADMIN_PASSWORD, TestAuth.CLIENT).kind())
                .as("nothing of a refused update is applied").isEqualTo(LoginOutcome.Kind.SUCCESS);
    }

    @Test
    void deleteAnswers204AndEndsTheSessions() throws Exception {
        Answer a = admin("DELETE", "v1/users/watcher", null);
        assertThat(a.status()).isEqualTo(204);
        assertThat(a.body()).isEmpty();
        assertThat(admin("GET", "v1/users/watcher", null).status()).isEqualTo(404);
        assertThat(admin("DELETE", "v1/users/watcher", null).status()).isEqualTo(404);
        assertThat(call("GET", "v1/users/admin", viewerToken, null, null).status()).isEqualTo(401);

        Answer last = admin("DELETE", "v1/users/admin", null);
        assertThat(last.status()).isEqualTo(409);
        assertThat(last.message()).contains("last admin");
        assertThat(admin("DELETE", "v1/users/bad%2Fname", null).status()).isEqualTo(400);
    }

    @Test
    void anAdminMayRemoveItselfWhenAnotherAdminRemains() throws Exception {
        admin("PUT", "v1/users/watcher", "{\"role\":\"admin\"}");
        assertThat(admin("DELETE", "v1/users/admin", null).status()).isEqualTo(204);
        assertThat(call("GET", "v1/users", adminToken, null, null).status()).isEqualTo(401);
    }

    @Test
    void loginThroughThePipelineKeepsTheOriginalsFormsAndRefusesOversizedBodies() throws Exception {
        Answer json = call("POST", "login", null, APP_JSON, "{\"username\":\"watcher\",\"password\":\"watcher-password\"}");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.json().get("token").asText()).isNotEmpty();
        Answer form = call("POST", "login", null, "application/x-www-form-urlencoded", "username=watcher&password=watcher-password");
        assertThat(form.status()).isEqualTo(200);
        Answer wrong = call("POST", "login", null, APP_JSON, "{\"username\":\"watcher\",\"password\":\"nope-nope\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.message()).isEqualTo(LoginResource.REFUSED);
        Answer big = call("POST", "login", null, APP_JSON, "{\"username\":\"" + "a".repeat(9000) + "\"}");
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.json().get("status").asInt()).isEqualTo(413);
        assertThat(big.message()).isEqualTo("request body over " + LoginResource.MAX_BODY_BYTES + " bytes");
    }
}
