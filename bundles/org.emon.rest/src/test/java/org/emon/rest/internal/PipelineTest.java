package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.emon.api.rest.ApiException;
import org.emon.api.rest.BodyLimit;
import org.emon.api.rest.JsonFields;
import org.emon.rest.internal.TestApp.Answer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A resource written only against {@code org.emon.api.rest} and JAX-RS, as a third-party bundle
 * would write it: it declares roles and limits and throws {@link ApiException}; the pipeline gives
 * it token checks, role checks, strict JSON bodies, body limits and JSON errors.
 */
class PipelineTest {

    @Path("v1/plugin")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class PluginResource {

        @GET
        @Path("things/{name}")
        public ObjectNode thing(@PathParam("name") String name) {
            if (!name.equals("lamp")) {
                throw ApiException.notFound("no thing named " + ApiException.quote(name));
            }
            return TestApp.JSON.createObjectNode().put("name", name);
        }

        @POST
        @Path("things")
        @RolesAllowed("admin")
        @BodyLimit(64)
        public ObjectNode add(@JsonFields({ "name" }) ObjectNode body) {
            return body;
        }

        @POST
        @Path("busy")
        public ObjectNode busy() {
            throw ApiException.unavailable("busy; try again", 7);
        }
    }

    private final TestApp app = new TestApp(new PluginResource());

    @Test
    void everyMethodNeedsAToken() {
        Answer a = app.get("/api/v1/plugin/things/lamp", null);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.json().get("status").asInt()).isEqualTo(401);
        assertThat(app.get("/api/v1/plugin/things/lamp", TestApp.VIEWER).json().get("name").asText()).isEqualTo("lamp");
    }

    @Test
    void aDeclaredRoleIsEnforcedWith403NamingIt() {
        Answer viewer = app.send("POST", "/api/v1/plugin/things", TestApp.VIEWER, "{\"name\":\"fan\"}");
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(viewer.message()).isEqualTo("forbidden: this needs a user with the admin role");
        assertThat(app.send("POST", "/api/v1/plugin/things", null, "{\"name\":\"fan\"}").status()).isEqualTo(401);
        Answer admin = app.send("POST", "/api/v1/plugin/things", TestApp.ADMIN, "{\"name\":\"fan\"}");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().get("name").asText()).isEqualTo("fan");
    }

    @Test
    void bodiesAreStrictJsonWithinTheDeclaredLimit() {
        String[][] cases = {
                { "{\"name\":\"fan\",\"colour\":\"red\"}", "400", "unknown field 'colour'; expected name" },
                { "{\"name\":\"fan\",\"name\":\"lamp\"}", "400", "malformed JSON" },
                { "{\"name\":\"fan\"} {}", "400", "malformed JSON" },
                { "[1]", "400", "the body must be a JSON object" },
                { "", "400", "empty request body" },
                { "{\"name\":\"" + "x".repeat(100) + "\"}", "413", "request body over 64 bytes" } };
        for (String[] c : cases) {
            Answer a = app.send("POST", "/api/v1/plugin/things", TestApp.ADMIN, c[0]);
            assertThat(a.status()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
            assertThat(a.message()).as(c[0]).contains(c[2]);
        }
        Answer text = app.call("POST", "/api/v1/plugin/things", "{\"name\":\"fan\"}", "X-Access-Token", TestApp.ADMIN, "Content-Type",
                "text/plain");
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.message()).isEqualTo(JsonExceptionMapper.NOT_JSON);
    }

    @Test
    void thrownRefusalsAreJsonWithTheirHeaders() {
        Answer missing = app.get("/api/v1/plugin/things/chair", TestApp.VIEWER);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.type()).startsWith("application/json");
        assertThat(missing.message()).isEqualTo("no thing named chair");
        Answer busy = app.send("POST", "/api/v1/plugin/busy", TestApp.VIEWER, null);
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.header("Retry-After")).isEqualTo("7");
        assertThat(busy.message()).isEqualTo("busy; try again");
    }
}
