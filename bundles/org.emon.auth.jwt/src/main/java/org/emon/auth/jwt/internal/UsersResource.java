package org.emon.auth.jwt.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.emon.api.auth.Role;
import org.emon.api.auth.User;
import org.emon.api.rest.RestProperties;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users API, for admins only: {@code GET /api/v1/users}, {@code GET/PUT/DELETE
 * /api/v1/users/{name}} and {@code POST /api/v1/users}. Users appear as {@code {"name","role"}};
 * the password is write-only. Errors are {@code {"status":..,"message":..}} naming the bad field.
 */
@Component(service = UsersResource.class, property = RestProperties.RESOURCE + "=true")
@Path("v1/users")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    private static final Logger LOG = LoggerFactory.getLogger(UsersResource.class);

    static final int MAX_BODY_BYTES = 4 * 1024;
    static final String FORBIDDEN = "managing users needs a user with the admin role";
    static final Set<String> CREATE_FIELDS = Set.of("name", "password", "role");
    static final Set<String> UPDATE_FIELDS = Set.of("password", "role");

    private static final ObjectReader STRICT_JSON = JsonBodies.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final UserAdministration users;

    @Activate
    public UsersResource(@Reference AuthService auth) {
        this.users = new UserAdministration(auth);
    }

    @GET
    public Response list(@Context SecurityContext security) {
        if (!isAdmin(security)) {
            return error(403, FORBIDDEN);
        }
        ArrayNode array = JsonBodies.MAPPER.createArrayNode();
        users.users().forEach(u -> array.add(json(u)));
        return ok(200, array.toString());
    }

    @GET
    @Path("{name}")
    public Response one(@PathParam("name") String name, @Context SecurityContext security) {
        if (!isAdmin(security)) {
            return error(403, FORBIDDEN);
        }
        return run(() -> {
            UserStore.checkUsername(name);
            return ok(200, json(users.user(name).orElseThrow(() -> unknown(name))).toString());
        });
    }

    @POST
    public Response create(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength, @Context SecurityContext security,
            @Context UriInfo uri, InputStream body) {
        if (!isAdmin(security)) {
            return error(403, FORBIDDEN);
        }
        return run(() -> {
            ObjectNode fields = readObject(contentType, contentLength, body, CREATE_FIELDS);
            String name = text(fields, "name", true);
            String password = text(fields, "password", true);
            Role role = role(text(fields, "role", true));
            User user = users.add(name, password, role);
            URI location = uri.getAbsolutePathBuilder().path(user.name()).build();
            return Response.created(location).type(MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").entity(json(user).toString()).build();
        });
    }

    @PUT
    @Path("{name}")
    public Response update(@PathParam("name") String name, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength, @Context SecurityContext security,
            InputStream body) {
        if (!isAdmin(security)) {
            return error(403, FORBIDDEN);
        }
        return run(() -> {
            UserStore.checkUsername(name);
            ObjectNode fields = readObject(contentType, contentLength, body, UPDATE_FIELDS);
            String password = text(fields, "password", false);
            String role = text(fields, "role", false);
            if (password == null && role == null) {
                throw new IllegalArgumentException("send password and/or role to change");
            }
            if (password != null) {
                UserStore.checkPassword(password);
            }
            return ok(200, json(users.update(name, password, role == null ? null : role(role).id())).toString());
        });
    }

    @DELETE
    @Path("{name}")
    public Response remove(@PathParam("name") String name, @Context SecurityContext security) {
        if (!isAdmin(security)) {
            return error(403, FORBIDDEN);
        }
        return run(() -> {
            UserStore.checkUsername(name);
            users.remove(name);
            return Response.noContent().header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        });
    }

    /** A failure the client caused, with its status. */
    static final class ClientError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        ClientError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private interface Action {
        Response run() throws IOException;
    }

    /** The one place where exceptions become statuses: the service's contract, see UserAdmin. */
    private static Response run(Action action) {
        try {
            return action.run();
        } catch (ClientError e) {
            return error(e.status, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (NoSuchElementException e) {
            return error(404, e.getMessage());
        } catch (IllegalStateException e) {
            return error(409, e.getMessage());
        } catch (IOException e) {
            LOG.error("Could not save the users file", e);
            return error(500, "could not save the users file; see the server log");
        }
    }

    private static boolean isAdmin(SecurityContext security) {
        return security != null && security.isUserInRole(RestProperties.ROLE_ADMIN);
    }

    private static NoSuchElementException unknown(String name) {
        return new NoSuchElementException("no user named '" + name + "'");
    }

    /** JSON object from the body: 415 unless JSON, 413 over {@value #MAX_BODY_BYTES} bytes, 400 if malformed. */
    static ObjectNode readObject(String contentType, String contentLength, InputStream body, Set<String> allowed) {
        if (!isJson(contentType)) {
            throw new ClientError(415, "the body must be JSON (Content-Type: application/json)");
        }
        if (contentLength != null) {
            try {
                if (Long.parseLong(contentLength.trim()) > MAX_BODY_BYTES) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw new ClientError(400, "Content-Length is not a number");
            }
        }
        JsonNode node;
        try {
            byte[] bytes = JsonBodies.readAtMost(body, MAX_BODY_BYTES);
            if (bytes == null) {
                throw tooLarge();
            }
            if (bytes.length == 0) {
                throw new IllegalArgumentException("the body must be a JSON object; it is empty");
            }
            node = STRICT_JSON.readTree(bytes);
        } catch (ClientError | IllegalArgumentException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw new IllegalArgumentException("unknown field '" + printable(field) + "'; expected "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return (ObjectNode) node;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals(MediaType.APPLICATION_JSON) || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static ClientError tooLarge() {
        return new ClientError(413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
    }

    /** A string field; null when absent and not required. */
    private static String text(ObjectNode fields, String field, boolean required) {
        JsonNode v = fields.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return v.textValue();
    }

    /** Exactly {@code viewer} or {@code admin}, as the API documents. */
    private static Role role(String value) {
        for (Role r : Role.values()) {
            if (r.id().equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be viewer or admin, not '" + printable(value) + "'");
    }

    private static String printable(String s) {
        String cut = s.length() > 32 ? s.substring(0, 32) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    static ObjectNode json(User user) {
        ObjectNode node = JsonBodies.MAPPER.createObjectNode();
        node.put("name", user.name());
        node.put("role", user.role().id());
        return node;
    }

    private static Response ok(int status, String json) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").entity(json).build();
    }

    private static Response error(int status, String message) {
        return ok(status, JsonBodies.error(status, message));
    }
}
