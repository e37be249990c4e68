package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.emon.api.auth.ApiTokenScope;
import org.emon.api.auth.Role;
import org.emon.auth.jwt.internal.ApiTokenAdministration;
import org.emon.auth.jwt.internal.ApiTokensResource;
import org.emon.auth.jwt.internal.AuthService;
import org.emon.auth.jwt.internal.LoginResource;
import org.emon.auth.jwt.internal.TestAuthPublic;
import org.emon.auth.jwt.internal.TokenAuthenticationFilter;
import org.emon.auth.jwt.internal.UserAdministration;
import org.emon.auth.jwt.internal.UsersResource;
import org.emon.rest.internal.Fakes.ConfigAdmin;
import org.emon.rest.internal.Fakes.Registry;
import org.emon.rest.internal.Fakes.Store;
import org.emon.rest.internal.TestApp.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may call what, across every operation this bundle and org.emon.auth.jwt serve, with the real
 * token filter, real login and API tokens and the real role checks: each caller is either let
 * through (any status but 401/403) or refused (401 without a token, 403 otherwise) exactly as the
 * table says. A new operation fails here until it is added to the table.
 */
class TokenScopeTableTest {

    /** Who an operation is for. */
    enum Level {
        PUBLIC, VIEWER, INGEST, METRICS, ADMIN
    }

    /** Each operation (as OpenApiDocumentTest finds them) and who may call it. */
    private static final Map<String, Level> TABLE = new LinkedHashMap<>();

    static {
        for (String prefix : new String[] { "/api", "/apiv2" }) {
            TABLE.put("get " + prefix + "/", Level.PUBLIC);
            TABLE.put("post " + prefix + "/login", Level.PUBLIC);
            TABLE.put("get " + prefix + "/ipu", Level.VIEWER);
            TABLE.put("put " + prefix + "/e-energy", Level.VIEWER);
            TABLE.put("put " + prefix + "/e-power", Level.VIEWER);
        }
        TABLE.put("get /api/v1/meters", Level.VIEWER);
        TABLE.put("post /api/v1/meters", Level.ADMIN);
        TABLE.put("get /api/v1/meters/{id}", Level.VIEWER);
        TABLE.put("put /api/v1/meters/{id}", Level.ADMIN);
        TABLE.put("delete /api/v1/meters/{id}", Level.ADMIN);
        TABLE.put("get /api/v1/meters/{id}/power", Level.VIEWER);
        TABLE.put("get /api/v1/meters/{id}/energy", Level.VIEWER);
        TABLE.put("get /api/v1/meters/{id}/pulses", Level.VIEWER);
        TABLE.put("post /api/v1/meters/{id}/pulses", Level.INGEST);
        TABLE.put("get /api/v1/status", Level.VIEWER);
        TABLE.put("get /api/v1/openapi.json", Level.PUBLIC);
        TABLE.put("get /api/v1/users", Level.ADMIN);
        TABLE.put("post /api/v1/users", Level.ADMIN);
        TABLE.put("get /api/v1/users/{name}", Level.ADMIN);
        TABLE.put("put /api/v1/users/{name}", Level.ADMIN);
        TABLE.put("delete /api/v1/users/{name}", Level.ADMIN);
        TABLE.put("get /api/v1/tokens", Level.ADMIN);
        TABLE.put("post /api/v1/tokens", Level.ADMIN);
        TABLE.put("delete /api/v1/tokens/{name}", Level.ADMIN);
        TABLE.put("get /metrics", Level.METRICS);
    }

    /** What each kind of caller may reach. */
    private static final Map<String, Set<Level>> CALLERS = new LinkedHashMap<>();

    static {
        CALLERS.put("nobody", Set.of(Level.PUBLIC));
        CALLERS.put("viewer login", Set.of(Level.PUBLIC, Level.VIEWER));
        CALLERS.put("admin login", Set.of(Level.PUBLIC, Level.VIEWER, Level.ADMIN, Level.INGEST, Level.METRICS));
        CALLERS.put("read token", Set.of(Level.PUBLIC, Level.VIEWER));
        CALLERS.put("metrics token", Set.of(Level.PUBLIC, Level.METRICS));
        CALLERS.put("ingest token", Set.of(Level.PUBLIC, Level.INGEST));
        CALLERS.put("admin token", Set.of(Level.PUBLIC, Level.VIEWER, Level.ADMIN, Level.INGEST, Level.METRICS));
    }

    @TempDir
    Path dir;
    @TempDir
    Path etc;

    @Test
    void everyScopeReachesExactlyWhatItShouldOnEveryOperation() throws Exception {
        assertThat(new TreeSet<>(TABLE.keySet())).as("the table lists every served operation")
                .isEqualTo(new TreeSet<>(OpenApiDocumentTest.served().keySet()));

        AuthService auth = TestAuthPublic.create(dir);
        new UserAdministration(auth).add("watcher", "watcher-password", Role.VIEWER);
        ApiTokenAdministration tokens = new ApiTokenAdministration(auth);
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("nobody", null);
        secrets.put("viewer login", TestAuthPublic.login(auth, "watcher", "watcher-password"));
        secrets.put("admin login", TestAuthPublic.login(auth, "admin", TestAuthPublic.ADMIN_PASSWORD));
        for (ApiTokenScope scope : ApiTokenScope.values()) {
            secrets.put(scope.id() + " token", tokens.create(scope.id(), scope).secret());
        }
        assertThat(secrets.keySet()).isEqualTo(CALLERS.keySet());

        ConfigAdmin admin = new ConfigAdmin();
        try {
            Registry registry = new Registry();
            admin.changed = () -> registry.follow(admin);
            admin.add(MeterConfigurations.FACTORY_PID, Map.of("id", "21", "description", "Main"));
            admin.changed.run();
            Store store = new Store();
            Clock clock = Clock.fixed(Fakes.NOW, Fakes.AMSTERDAM);
            TestApp app = new TestApp(new TokenAuthenticationFilter(auth), List.of(new ApiRootResource(),
                    new IpuResource(registry, Fakes.power(0), store.service()),
                    new LegacyEnergyResource(Fakes.energy(null, null, null), clock), new EnergyResource(Fakes.energy(null, null, null), clock),
                    new MetersResource(registry, Fakes.power(0), store.service(), new MeterConfigurations(admin.service(), etc), clock, 500),
                    new PulsesResource(registry, store.service(), store.service(), 1000, clock),
                    new StatusResource("1", Fakes.status(registry.meter(21).orElseThrow()), store.service()), new OpenApiResource(),
                    new MetricsResource(Fakes.status(registry.meter(21).orElseThrow()), store.service(), new HttpRequestCounter(), auth),
                    new UsersResource(auth), new LoginResource(auth), new ApiTokensResource(tokens)));

            List<String> wrong = new ArrayList<>();
            for (Map.Entry<String, Level> op : TABLE.entrySet()) {
                String[] parts = op.getKey().split(" ", 2);
                String method = parts[0].toUpperCase();
                // a harmless target: an unknown user or token, so that no call changes what later calls see
                String path = parts[1].replace("{id}", "21").replace("{name}", "nobody-here");
                String body = method.equals("POST") || method.equals("PUT") ? "{}" : null;
                for (Map.Entry<String, String> caller : secrets.entrySet()) {
                    String[] headers = caller.getValue() == null ? new String[] { "Content-Type", "application/json" }
                            : new String[] { "Authorization", "Bearer " + caller.getValue(), "Content-Type", "application/json" };
                    Answer a = app.call(method, path, body, headers);
                    boolean allowed = CALLERS.get(caller.getKey()).contains(op.getValue());
                    int refusal = caller.getValue() == null ? 401 : 403;
                    // a public operation may answer 401 itself (a login without a password), never 403
                    boolean ok = op.getValue() == Level.PUBLIC ? a.status() != 403
                            : allowed ? a.status() != 401 && a.status() != 403 : a.status() == refusal;
                    if (!ok) {
                        wrong.add(op.getKey() + " as " + caller.getKey() + ": " + a.status() + " " + a.body());
                    }
                }
            }
            assertThat(wrong).isEmpty();
        } finally {
            admin.close();
        }
    }

    @Test
    void aRevokedTokenIsRefusedAtOnce() throws Exception {
        AuthService auth = TestAuthPublic.create(dir);
        ApiTokenAdministration tokens = new ApiTokenAdministration(auth);
        String secret = tokens.create("script", ApiTokenScope.ADMIN).secret();
        TestApp app = new TestApp(new TokenAuthenticationFilter(auth), List.of(new UsersResource(auth)));
        assertThat(app.call("GET", "/api/v1/users", null, "Authorization", "Bearer " + secret).status()).isEqualTo(200);
        tokens.revoke("script");
        Answer after = app.call("GET", "/api/v1/users", null, "Authorization", "Bearer " + secret);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.header("WWW-Authenticate")).contains("invalid_token");
    }
}
