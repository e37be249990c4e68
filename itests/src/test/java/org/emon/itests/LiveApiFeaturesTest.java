package org.emon.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import net.jqwik.api.Example;

/**
 * Live checks of issue 6 features: the OpenAPI document against the server, roles through the
 * users API, CSV.
 */
class LiveApiFeaturesTest {

    private final LiveApiServer emon = LiveApiServer.get();

    /**
     * The OpenAPI document is served and every operation in it exists on the running server: with
     * an admin token, no documented path answers 404 or 405, and none a 5xx.
     */
    @Example
    void everyOperationInTheOpenApiDocumentExistsOnTheServer() {
        LiveApiHttp.Response doc = LiveApiHttp.request("GET", "/api/v1/openapi.json").send(emon);
        assertThat(doc.status()).as("the document: %s", doc).isEqualTo(200);
        JsonNode root = doc.json();
        assertThat(root.path("openapi").asText()).startsWith("3.");
        String prefix = root.path("servers").path(0).path("url").asText("");
        List<String> violations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            // path parameters: meter 21, a user that does not exist (no side effects on real ones)
            String target = (prefix.startsWith("/") ? prefix.replaceAll("/+$", "") : "") + path.getKey().replace("{id}", "21")
                    .replaceAll("\\{[^}]*}", "nobody-" + System.nanoTime());
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                String method = methods.next().toUpperCase();
                if (!List.of("GET", "PUT", "POST", "DELETE", "PATCH").contains(method) || method.equals("DELETE") && target.contains("/21")) {
                    continue; // never delete the simulated meter
                }
                LiveApiHttp.Request request = LiveApiHttp.request(method, target).token(emon.adminToken());
                if (!method.equals("GET") && !method.equals("DELETE")) {
                    request.json("{}");
                }
                LiveApiHttp.Response r = request.send(emon);
                if (r.status() == 404 && !r.text().contains("nobody-") || r.status() == 405 || r.status() >= 500) {
                    violations.add(method + " " + target + " -> " + r);
                }
            }
        }
        assertThat(violations).as("documented operations the server does not have").isEmpty();
    }

    /**
     * Roles: a viewer reads (ipu, energy, status) but may not ingest, manage meters or users.
     * Adjust the users API body to what landed.
     */
    @Example
    void aViewerReadsButMayNotIngestNorManageUsers() {
        String name = "viewer" + (System.nanoTime() % 100_000);
        String password = "viewer-password-" + System.nanoTime();
        String admin = emon.adminToken();
        LiveApiHttp.Response created = LiveApiHttp.request("POST", "/api/v1/users").token(admin)
                .json("{\"name\":\"" + name + "\",\"password\":\"" + password + "\",\"role\":\"viewer\"}").send(emon);
        assertThat(created.status()).as("create a viewer: %s", created).isIn(200, 201);
        String viewer;
        try {
            LiveApiHttp.Response login = LiveApiHttp.request("POST", "/api/login").json(LiveApiServer.loginJson(name, password)).send(emon);
            assertThat(login.status()).isEqualTo(200);
            viewer = login.json().get("token").asText();
            for (String read : List.of("/api/ipu", "/apiv2/ipu", "/api/v1/status", "/api/v1/meters/21/energy")) {
                assertThat(LiveApiHttp.request("GET", read).token(viewer).send(emon).status()).as("viewer GET %s", read).isEqualTo(200);
            }
            assertThat(LiveApiHttp.request("POST", "/api/v1/meters/21/pulses").token(viewer).json("{\"timestamps\":[978307200000]}")
                    .send(emon).status()).as("viewer ingest").isEqualTo(403);
            assertThat(LiveApiHttp.request("GET", "/api/v1/users").token(viewer).send(emon).status()).as("viewer lists users").isEqualTo(403);
            assertThat(LiveApiHttp.request("POST", "/api/v1/users").token(viewer)
                    .json("{\"name\":\"x" + name + "\",\"password\":\"" + password + "\",\"role\":\"admin\"}").send(emon).status())
                    .as("viewer makes an admin").isEqualTo(403);
            assertThat(LiveApiHttp.request("DELETE", "/api/v1/meters/21").token(viewer).send(emon).status()).as("viewer deletes a meter").isEqualTo(403);
        } finally {
            LiveApiHttp.request("DELETE", "/api/v1/users/" + name).token(admin).send(emon);
        }
        // a removed user's token stops working at once (AuthService checks the user on every request)
        assertThat(LiveApiHttp.request("GET", "/api/ipu").token(viewer).send(emon).status()).isEqualTo(401);
        assertThat(LiveApiHttp.request("POST", "/api/login").json(LiveApiServer.loginJson(name, password)).send(emon).status()).isEqualTo(401);
    }

    /** Energy as CSV: a header line and one row per bucket. */
    @Example
    void energyAsCsv() {
        LiveApiHttp.Response csv = LiveApiHttp.request("GET", "/api/v1/meters/21/energy?resolution=hour").token(emon.adminToken())
                .header("Accept", "text/csv").send(emon);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        LiveApiHttp.Response json = LiveApiHttp.request("GET", "/api/v1/meters/21/energy?resolution=hour").token(emon.adminToken()).send(emon);
        assertThat(csv.text().strip().split("\r?\n")).hasSize(json.json().get("values").size() + 1);
    }
}
