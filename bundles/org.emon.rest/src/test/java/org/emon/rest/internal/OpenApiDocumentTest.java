package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.emon.api.rest.JsonFields;
import org.emon.api.rest.Public;
import org.emon.auth.jwt.internal.LoginResource;
import org.emon.rest.internal.Fakes.ConfigAdmin;
import org.emon.rest.internal.Fakes.Registry;
import org.emon.rest.internal.Fakes.Store;
import org.emon.rest.internal.TestApp.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document against the code: every JAX-RS resource class of this bundle and of
 * org.emon.auth.jwt (found by scanning, so a new resource without documentation fails here) gives
 * operations (method, path under the prefixes {@link PrefixFilter} serves it at) that must be
 * exactly the document's, with the same path and query parameters, the same public/protected
 * status and the responses the code can give. Then a battery of requests against this bundle's
 * resources checks that every status the server actually answers is documented for its operation.
 */
class OpenApiDocumentTest {

    private static final JsonNode DOC = TestApp.JSON.valueToTree(parse());
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    /** {name: a|b|c}: a template that is really a list of literal paths, e.g. {query: e-energy|e-power}. */
    private static final Pattern LITERAL_ALTERNATIVES = Pattern.compile("[A-Za-z0-9._-]+(\\|[A-Za-z0-9._-]+)*");
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*([A-Za-z0-9_]+)\\s*(?::\\s*([^}]*))?}");

    /** An operation as the code defines it. */
    record Served(String method, String path, Set<String> pathParams, Set<String> queryParams, boolean isPublic, boolean body,
            boolean checksRole, boolean readsContentType, Set<Integer> success, String where) {
    }

    @TempDir
    static Path etc;
    private static ConfigAdmin admin;

    private static Object parse() {
        try {
            return TestApp.JSON.readTree(OpenApiResource.load());
        } catch (Exception e) {
            throw new AssertionError("openapi.json is not JSON", e);
        }
    }

    @BeforeAll
    static void setUp() {
        admin = new ConfigAdmin();
    }

    @AfterAll
    static void tearDown() {
        admin.close();
    }

    // ---- what the code serves

    static List<Class<?>> resourceClasses() throws Exception {
        List<Class<?>> classes = new ArrayList<>();
        Path restClasses = Path.of(RestServlet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(restClasses)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = restClasses.relativize(file).toString().replace(java.io.File.separatorChar, '.').replaceAll("\\.class$", "");
                addIfResource(classes, name, Files.readAllBytes(file));
            }
        }
        Path authJar = Path.of(LoginResource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(authJar.toString()).as("org.emon.auth.jwt as a jar").endsWith(".jar");
        try (JarFile jar = new JarFile(authJar.toFile())) {
            for (JarEntry entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                try (InputStream in = jar.getInputStream(entry)) {
                    addIfResource(classes, entry.getName().replace('/', '.').replaceAll("\\.class$", ""), in.readAllBytes());
                }
            }
        }
        return classes;
    }

    private static void addIfResource(List<Class<?>> classes, String name, byte[] bytes) {
        boolean mentionsPath = new String(bytes, StandardCharsets.ISO_8859_1).contains("Ljavax/ws/rs/Path;");
        try {
            Class<?> c = Class.forName(name, false, OpenApiDocumentTest.class.getClassLoader());
            if (c.isAnnotationPresent(javax.ws.rs.Path.class)) {
                classes.add(c);
            }
        } catch (ClassNotFoundException | LinkageError e) {
            if (mentionsPath) {
                fail("cannot load " + name + " to compare its resources with openapi.json: " + e);
            }
        }
    }

    static Map<String, Served> served() throws Exception {
        Map<String, Served> operations = new TreeMap<>();
        List<Class<?>> classes = resourceClasses();
        assertThat(classes).extracting(Class::getSimpleName).contains("MetersResource", "LoginResource", "UsersResource", "IpuResource");
        for (Class<?> resource : classes) {
            String classPath = resource.getAnnotation(javax.ws.rs.Path.class).value();
            for (Method method : resource.getMethods()) {
                String http = httpMethod(method);
                if (http == null) {
                    continue;
                }
                javax.ws.rs.Path sub = method.getAnnotation(javax.ws.rs.Path.class);
                for (Map.Entry<String, Set<String>> path : expand(join(classPath, sub == null ? "" : sub.value())).entrySet()) {
                    for (String prefix : new String[] { PrefixFilter.API, PrefixFilter.LEGACY_API, PrefixFilter.ROOT }) {
                        if (PrefixFilter.served(prefix, path.getKey())) {
                            Served op = served(http, prefix + "/" + path.getKey(), path.getValue(), resource, method);
                            Served before = operations.putIfAbsent(op.method() + " " + op.path(), op);
                            if (before != null) {
                                // two Java methods (e.g. JSON and CSV) for one operation: they must agree
                                assertThat(op.pathParams()).as(op.where()).isEqualTo(before.pathParams());
                                assertThat(op.queryParams()).as(op.where()).isEqualTo(before.queryParams());
                                assertThat(op.isPublic()).as(op.where()).isEqualTo(before.isPublic());
                            }
                        }
                    }
                }
            }
        }
        return operations;
    }

    private static String httpMethod(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value().toLowerCase();
            }
        }
        return null;
    }

    private static String join(String a, String b) {
        String path = (a.replaceAll("^/+|/+$", "") + "/" + b.replaceAll("^/+|/+$", "")).replaceAll("^/+|/+$", "");
        return path;
    }

    /** The literal paths of a template, each with the names of the templates expanded away. */
    static Map<String, Set<String>> expand(String template) {
        Matcher m = TEMPLATE.matcher(template);
        while (m.find()) {
            if (m.group(2) != null && LITERAL_ALTERNATIVES.matcher(m.group(2).strip()).matches()) {
                Map<String, Set<String>> out = new LinkedHashMap<>();
                for (String literal : m.group(2).strip().split("\\|")) {
                    String path = template.substring(0, m.start()) + literal + template.substring(m.end());
                    expand(path).forEach((p, names) -> {
                        Set<String> all = new TreeSet<>(names);
                        all.add(m.group(1));
                        out.put(p, all);
                    });
                }
                return out;
            }
        }
        // plain templates: {name: regex} documented as {name}
        return Map.of(TEMPLATE.matcher(template).replaceAll("{$1}"), Set.of());
    }

    private static Served served(String http, String path, Set<String> expanded, Class<?> resource, Method method) {
        Set<String> pathParams = new TreeSet<>();
        Set<String> queryParams = new TreeSet<>();
        boolean body = false;
        boolean checksRole = false;
        boolean readsContentType = false;
        for (Parameter p : method.getParameters()) {
            if (p.isAnnotationPresent(PathParam.class)) {
                String name = p.getAnnotation(PathParam.class).value();
                if (!expanded.contains(name)) {
                    pathParams.add(name);
                }
            } else if (p.isAnnotationPresent(QueryParam.class)) {
                queryParams.add(p.getAnnotation(QueryParam.class).value());
            } else if (p.isAnnotationPresent(Context.class)) {
                // a body read its own way after the pipeline's JSON check (ingest)
                readsContentType |= p.getType() == HttpHeaders.class;
            } else if (p.isAnnotationPresent(HeaderParam.class)) {
                readsContentType |= p.getAnnotation(HeaderParam.class).value().equalsIgnoreCase(HttpHeaders.CONTENT_TYPE);
            } else if (p.getAnnotations().length == 0 || p.isAnnotationPresent(JsonFields.class)) {
                body = true; // the entity parameter
                readsContentType |= p.getType() == ObjectNode.class; // the pipeline's strict JSON reader: 415 otherwise
            }
        }
        Set<Integer> success = method.getReturnType() == void.class ? Set.of(204)
                : method.getReturnType() == Response.class ? Set.of() : Set.of(200);
        boolean isPublic = method.isAnnotationPresent(Public.class) || resource.isAnnotationPresent(Public.class);
        // a method without @RolesAllowed needs the viewer role (so a metrics or ingest token gets a 403)
        checksRole = !isPublic || method.isAnnotationPresent(RolesAllowed.class) || resource.isAnnotationPresent(RolesAllowed.class);
        return new Served(http, path, pathParams, queryParams, isPublic, body, checksRole, readsContentType, success,
                resource.getSimpleName() + "." + method.getName());
    }

    // ---- what the document says

    record Documented(JsonNode operation, Set<String> pathParams, Set<String> queryParams, Set<Integer> responses, boolean isPublic) {
    }

    static Map<String, Documented> documented() {
        Map<String, Documented> operations = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = DOC.get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!HTTP_METHODS.contains(op.getKey())) {
                    continue;
                }
                Set<String> pathParams = new TreeSet<>();
                Set<String> queryParams = new TreeSet<>();
                List<JsonNode> params = new ArrayList<>();
                path.getValue().path("parameters").forEach(params::add);
                op.getValue().path("parameters").forEach(params::add);
                for (JsonNode p : params) {
                    JsonNode param = resolve(p);
                    (param.get("in").asText().equals("path") ? pathParams : queryParams).add(param.get("name").asText());
                    assertThat(param.get("in").asText()).isIn("path", "query");
                }
                Set<Integer> responses = new TreeSet<>();
                op.getValue().get("responses").fieldNames().forEachRemaining(code -> responses.add(Integer.parseInt(code)));
                JsonNode security = op.getValue().get("security");
                boolean isPublic = security != null && security.isArray() && security.isEmpty();
                operations.put(op.getKey() + " " + path.getKey(), new Documented(op.getValue(), pathParams, queryParams, responses, isPublic));
            }
        }
        return operations;
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        JsonNode target = DOC.at(ref.asText().substring(1));
        assertThat(target.isMissingNode()).as("$ref " + ref.asText()).isFalse();
        return resolve(target);
    }

    // ---- the comparisons

    @Test
    void everyServedOperationIsDocumentedAndNothingElse() throws Exception {
        Set<String> served = served().keySet();
        Set<String> documented = documented().keySet();
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(served);
        assertThat(undocumented).as("served but not in openapi.json").isEmpty();
        assertThat(notServed).as("in openapi.json but not served").isEmpty();
        assertThat(served).contains("get /api/v1/meters", "post /apiv2/login", "put /apiv2/e-energy", "get /apiv2/", "delete /api/v1/users/{name}")
                .doesNotContain("get /apiv2/v1/status");
    }

    @Test
    void parametersPublicityAndResponsesMatchTheCode() throws Exception {
        Map<String, Documented> documented = documented();
        for (Served op : served().values()) {
            String key = op.method() + " " + op.path();
            Documented doc = documented.get(key);
            assertThat(doc).as(key).isNotNull();
            Set<String> templates = new TreeSet<>();
            TEMPLATE.matcher(op.path()).results().forEach(r -> templates.add(r.group(1)));
            assertThat(doc.pathParams()).as(key + " path parameters (" + op.where() + ")").isEqualTo(op.pathParams()).isEqualTo(templates);
            assertThat(doc.queryParams()).as(key + " query parameters (" + op.where() + ")").isEqualTo(op.queryParams());
            assertThat(doc.isPublic()).as(key + " needs no token").isEqualTo(op.isPublic());
            assertThat(doc.operation().has("requestBody")).as(key + " has a body").isEqualTo(op.body());

            Set<Integer> required = new TreeSet<>(op.success());
            if (!op.isPublic()) {
                required.add(401);
            }
            if (!op.queryParams().isEmpty() || op.body()) {
                required.add(400);
            }
            if (!op.pathParams().isEmpty()) {
                required.add(404);
            }
            if (op.body()) {
                required.add(413);
            }
            if (op.checksRole()) {
                required.add(403);
            }
            Set<String> bodyTypes = new TreeSet<>();
            doc.operation().path("requestBody").path("content").fieldNames().forEachRemaining(bodyTypes::add);
            if (op.readsContentType() && bodyTypes.equals(Set.of("application/json"))) {
                required.add(415);
            }
            assertThat(doc.responses()).as(key + " responses (" + op.where() + ")").containsAll(required);
            assertThat(doc.responses()).as(key + " has a success answer").anyMatch(code -> code >= 200 && code < 300);
        }
    }

    @Test
    void theDocumentIsWellFormedOpenApi30() {
        assertThat(DOC.get("openapi").asText()).startsWith("3.0.");
        assertThat(DOC.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
        assertThat(DOC.at("/components/securitySchemes/accessToken/name").asText()).isEqualTo("X-Access-Token");
        List<String> ids = documented().values().stream().map(d -> d.operation().get("operationId").asText()).toList();
        assertThat(ids).doesNotHaveDuplicates();
        // every $ref resolves
        List<String> refs = new ArrayList<>();
        collectRefs(DOC, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(DOC.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.elements().forEachRemaining(child -> collectRefs(child, refs));
    }

    // ---- what the server answers

    private static final String METER = "{\"id\":40,\"description\":\"d\"}";

    @Test
    void everyStatusTheServerAnswersIsDocumentedForItsOperation() throws Exception {
        Registry registry = new Registry();
        admin.changed = () -> registry.follow(admin);
        admin.add(MeterConfigurations.FACTORY_PID, Map.of("id", "21", "description", "Main"));
        admin.changed.run();
        Store store = new Store();
        store.add(21, 1_735_686_000_000L, 1_735_686_001_000L);
        Clock clock = Clock.fixed(Fakes.NOW, Fakes.AMSTERDAM);
        TestApp app = new TestApp(new ApiRootResource(), new IpuResource(registry, Fakes.power(0), store.service()),
                new LegacyEnergyResource(Fakes.energy(null, null, null), clock), new EnergyResource(Fakes.energy(null, null, null), clock),
                new MetersResource(registry, Fakes.power(0), store.service(), new MeterConfigurations(admin.service(), etc), clock, 500),
                new PulsesResource(registry, store.service(), store.service(), 1000, clock),
                new StatusResource("1", Fakes.status(registry.meter(21).orElseThrow()), store.service()), new OpenApiResource(),
                new MetricsResource(Fakes.status(registry.meter(21).orElseThrow()), store.service(), new HttpRequestCounter(), () -> 0));

        // per operation: a good request, then every kind of bad one
        List<String[]> calls = new ArrayList<>();
        String[] roles = { TestApp.ADMIN, TestApp.VIEWER, null, "forged" };
        String[] meters = { "21", "99", "x", "-1", "99999999999999" };
        String[] values = { "", "x", "-1", "0", "1e99", "2025-01-01T00:00:00Z", "99999999999999999999", "' OR 1=1 --", "\u0000", "Europe/Amsterdam" };
        String[] bodies = { "{\"mid\":21,\"nrDaysBack\":1}", "{\"timestamps\":[1735686000000]}", METER, "{\"description\":\"e\"}",
                "{", "[]", "null", "{\"id\":\"x\"}", "x".repeat(2_000_000) };
        for (String role : roles) {
            for (String prefix : new String[] { "/api", "/apiv2" }) {
                calls.add(new String[] { "GET", prefix + "/", role, null });
                calls.add(new String[] { "GET", prefix + "/ipu", role, null });
                for (String body : bodies) {
                    calls.add(new String[] { "PUT", prefix + "/e-energy", role, body });
                    calls.add(new String[] { "PUT", prefix + "/e-power", role, body });
                }
            }
            calls.add(new String[] { "GET", "/api/v1/status", role, null });
            calls.add(new String[] { "GET", "/metrics", role, null });
            calls.add(new String[] { "GET", "/api/v1/openapi.json", role, null });
            calls.add(new String[] { "GET", "/api/v1/meters", role, null });
            for (String body : bodies) {
                calls.add(new String[] { "POST", "/api/v1/meters", role, body });
            }
            for (String id : meters) {
                calls.add(new String[] { "GET", "/api/v1/meters/" + id, role, null });
                calls.add(new String[] { "GET", "/api/v1/meters/" + id + "/power", role, null });
                for (String body : bodies) {
                    calls.add(new String[] { "PUT", "/api/v1/meters/" + id, role, body });
                    calls.add(new String[] { "POST", "/api/v1/meters/" + id + "/pulses", role, body });
                }
                for (String v : values) {
                    for (String q : new String[] { "from", "to", "resolution", "tz" }) {
                        calls.add(new String[] { "GET", "/api/v1/meters/" + id + "/energy?" + q + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8), role, null });
                    }
                    for (String q : new String[] { "from", "to", "limit", "tz" }) {
                        calls.add(new String[] { "GET", "/api/v1/meters/" + id + "/pulses?" + q + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8), role, null });
                    }
                }
            }
            calls.add(new String[] { "DELETE", "/api/v1/meters/40", role, null });
            calls.add(new String[] { "DELETE", "/api/v1/meters/99", role, null });
        }

        Map<String, Documented> documented = documented();
        Map<String, Set<Integer>> seen = new TreeMap<>();
        for (String[] call : calls) {
            String key = operation(documented, call[0], URI.create("http://h" + call[1]).getPath());
            for (String type : call[3] == null ? new String[] { null } : new String[] { "application/json", "text/plain" }) {
                String[] headers = type == null ? TestApp.withToken(call[2]) : TestApp.withToken(call[2], "Content-Type", type);
                Answer answer = app.call(call[0], call[1], call[3], headers);
                String what = call[0] + " " + call[1] + " as " + call[2] + " (" + type + "): " + answer.status() + " " + answer.body();
                assertThat(documented.get(key).responses()).as(what.length() > 300 ? what.substring(0, 300) : what)
                        .contains(answer.status());
                seen.computeIfAbsent(key, k -> new TreeSet<>()).add(answer.status());
            }
        }
        // every operation of this bundle was tried, and answered success at least once
        Set<String> ours = documented.keySet().stream().filter(k -> !k.contains("/users") && !k.contains("/tokens") && !k.endsWith("/login")).collect(Collectors.toSet());
        assertThat(seen.keySet()).containsAll(ours);
        seen.forEach((key, statuses) -> assertThat(statuses).as(key).anyMatch(s -> s >= 200 && s < 300));
    }

    /** The documented operation whose path template matches a request path. */
    private static String operation(Map<String, Documented> documented, String method, String path) {
        for (String key : documented.keySet()) {
            String[] parts = key.split(" ", 2);
            String regex = Arrays.stream(parts[1].split("((?=\\{)|(?<=}))"))
                    .map(s -> s.startsWith("{") ? "[^/]+" : Pattern.quote(s)).collect(Collectors.joining());
            if (parts[0].equalsIgnoreCase(method) && path.matches(regex)) {
                return key;
            }
        }
        throw new AssertionError("no documented operation for " + method + " " + path);
    }
}
