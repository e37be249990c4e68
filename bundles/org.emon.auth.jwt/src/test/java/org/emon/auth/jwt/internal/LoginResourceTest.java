package org.emon.auth.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.ws.rs.POST;
import javax.ws.rs.Path;

import org.emon.api.rest.Public;
import org.emon.api.rest.RestProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP_JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";

    @TempDir
    java.nio.file.Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private AuthService auth;
    private LoginResource resource;

    @BeforeEach
    void setUp() {
        auth = TestAuth.create(dir, clock, PasswordHasher.insecureForTests(1_000));
        resource = new LoginResource(auth);
    }

    private LoginResource.Reply post(String contentType, String body) {
        return resource.handle(contentType, body.getBytes(StandardCharsets.UTF_8), TestAuth.CLIENT);
    }

    /** The token's JSON for a 200, else the refusal as the REST layer renders it. */
    private static JsonNode json(LoginResource.Reply r) throws IOException {
        if (r.status() >= 400) {
            return JSON.createObjectNode().put("status", r.status()).put("message", r.message());
        }
        return JSON.readTree(r.json());
    }

    private static String form(String u, String p) {
        return "username=" + URLEncoder.encode(u, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(p, StandardCharsets.UTF_8);
    }

    @Test
    void jsonLoginAnswersTokenExpiresAndUser() throws IOException {
        LoginResource.Reply r = post(APP_JSON,
                "{\"username\":\"admin\",\"password\":\"" + TestAuth.ADMIN_PASSWORD + "\"}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("token").asText()).isNotBlank();
        assertThat(body.get("expires").asLong()).isEqualTo(clock.instant().plusSeconds(3600).toEpochMilli());
        assertThat(body.get("user").get("username").asText()).isEqualTo("admin");
        assertThat(body.get("user").get("role").asText()).isEqualTo("admin");
        assertThat(body.get("user").has("password")).isFalse();
        assertThat(r.headers()).containsEntry("Cache-Control", "no-store");
        assertThat(auth.authenticate(body.get("token").asText())).isPresent();
    }

    @Test
    void formLoginWorksToo() throws IOException {
        LoginResource.Reply r = post(FORM + "; charset=UTF-8", form("admin", TestAuth.ADMIN_PASSWORD));
        assertThat(r.status()).isEqualTo(200);
        assertThat(json(r).get("token").asText()).isNotBlank();
        assertThat(post("Application/JSON;charset=utf-8",
                "{\"username\":\"admin\",\"password\":\"" + TestAuth.ADMIN_PASSWORD + "\"}").status()).isEqualTo(200);
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameAnswer() throws IOException {
        LoginResource.Reply wrong = post(APP_JSON, "{\"username\":\"admin\",\"password\":\"wrong-password\"}");
        LoginResource.Reply unknown = post(APP_JSON, "{\"username\":\"nobody\",\"password\":\"wrong-password\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong).isEqualTo(unknown);
        assertThat(json(wrong).get("status").asInt()).isEqualTo(401);
        assertThat(json(wrong).get("message").asText()).isEqualTo(LoginResource.REFUSED);
    }

    @Test
    void missingEmptyOrMalformedInputGets401NeverA500() throws IOException {
        String[][] cases = {
                {APP_JSON, ""},
                {APP_JSON, "{"},
                {APP_JSON, "not json"},
                {APP_JSON, "[]"},
                {APP_JSON, "null"},
                {APP_JSON, "\"admin\""},
                {APP_JSON, "{\"username\":\"admin\"}"},
                {APP_JSON, "{\"password\":\"x\"}"},
                {APP_JSON, "{\"username\":\"\",\"password\":\"\"}"},
                {APP_JSON, "{\"username\":\"admin\",\"password\":\"\"}"},
                {APP_JSON, "{\"username\":1,\"password\":2}"},
                {APP_JSON, "{\"username\":{\"$ne\":null},\"password\":{\"$ne\":null}}"},
                {APP_JSON, "{\"username\":\"admin\",\"password\":[\"a\"]}"},
                {APP_JSON, "{\"username\":\"admin\",\"password\":\"x\"} trailing"},
                {APP_JSON, "[".repeat(5000)},
                {FORM, ""},
                {FORM, "username=admin"},
                {FORM, "username=admin&password="},
                {FORM, "username=%zz&password=%"},
                {FORM, "&&&=&="},
                {"text/plain", "{\"username\":\"admin\",\"password\":\"" + TestAuth.ADMIN_PASSWORD + "\"}"},
                {null, "{\"username\":\"admin\",\"password\":\"" + TestAuth.ADMIN_PASSWORD + "\"}"},
                {"garbage;;;", "x"},
                {"", ""},
        };
        for (String[] c : cases) {
            LoginResource.Reply r = post(c[0], c[1]);
            assertThat(r.status()).as(c[0] + " " + c[1]).isEqualTo(401);
            assertThat(json(r).get("status").asInt()).isEqualTo(401);
            assertThat(json(r).get("message").asText()).isNotBlank();
        }
    }

    @Test
    void noBodyIsMissingCredentials() {
        // over-long and unreadable bodies are refused before this, by the REST layer's body limit
        assertThat(resource.handle(APP_JSON, null, TestAuth.CLIENT).status()).isEqualTo(401);
        assertThat(resource.handle(APP_JSON, null, TestAuth.CLIENT).message()).isEqualTo(LoginResource.MISSING);
    }

    /** Issue 6, test 4: the 6th wrong password in a minute is 429; the right password still works later. */
    @Test
    void sixthWrongPasswordInAMinuteIs429AndTheRightOneWorksLater() throws IOException {
        for (int i = 0; i < 5; i++) {
            if (i > 0) {
                clock.advance(java.time.Duration.ofSeconds(10)); // five failures spread over 40 s
            }
            assertThat(post(APP_JSON, "{\"username\":\"admin\",\"password\":\"guess-number-" + i + "\"}").status())
                    .isEqualTo(401);
        }
        clock.advance(java.time.Duration.ofMillis(300));
        LoginResource.Reply sixth = post(FORM, form("admin", "guess-number-6"));
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.headers()).containsEntry("Retry-After", "1");
        assertThat(json(sixth).get("status").asInt()).isEqualTo(429);
        assertThat(json(sixth).get("message").asText()).contains("Too many failed logins");
        // even the right password waits out the back-off ...
        assertThat(post(FORM, form("admin", TestAuth.ADMIN_PASSWORD)).status()).isEqualTo(429);
        clock.advance(java.time.Duration.ofMillis(1500));
        // ... and works once it has passed
        assertThat(post(FORM, form("admin", TestAuth.ADMIN_PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void backOffDoublesUpToTheMaximumAndRetryAfterSaysSo() throws IOException {
        for (int i = 0; i < 5; i++) {
            post(FORM, form("nobody", "guess-number-" + i));
        }
        long[] expected = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900};
        for (long seconds : expected) {
            LoginResource.Reply r = post(FORM, form("nobody", "another-guess"));
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.headers()).containsEntry("Retry-After", Long.toString(seconds));
            clock.advance(java.time.Duration.ofSeconds(seconds));
            assertThat(post(FORM, form("nobody", "another-guess")).status()).isEqualTo(401);
        }
    }

    @Test
    void throttledUnknownAndKnownUsersLookAlikeToo() throws IOException {
        for (int i = 0; i < 5; i++) {
            post(FORM, form("admin", "guess-number-" + i));
            post(FORM, form("nobody", "guess-number-" + i));
        }
        assertThat(post(FORM, form("admin", "x-guess-x")).json())
                .isEqualTo(post(FORM, form("nobody", "x-guess-x")).json());
    }

    @Test
    void resourceIsPublicAndRegisteredAsJaxRsResource() throws Exception {
        assertThat(LoginResource.class.getAnnotation(Path.class).value()).isEqualTo("login");
        var method = LoginResource.class.getMethod("login", String.class,
                javax.servlet.http.HttpServletRequest.class, byte[].class);
        assertThat(method.isAnnotationPresent(POST.class)).isTrue();
        assertThat(method.isAnnotationPresent(Public.class)).isTrue();
        assertThat(TokenAuthenticationFilter.isPublic(LoginResource.class, method)).isTrue();
        // @Component is CLASS retention: check the generated descriptor instead
        String xml = new String(LoginResourceTest.class.getResourceAsStream(
                "/OSGI-INF/org.emon.auth.jwt.internal.LoginResource.xml").readAllBytes(), StandardCharsets.UTF_8);
        assertThat(xml).contains("name=\"" + RestProperties.RESOURCE + "\"").contains("value=\"true\"")
                .contains("interface=\"org.emon.auth.jwt.internal.LoginResource\"");
    }
}
