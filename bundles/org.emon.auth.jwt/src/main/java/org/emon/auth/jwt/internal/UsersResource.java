package org.emon.auth.jwt.internal;

import java.io.IOException;
import java.net.URI;
import java.util.NoSuchElementException;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.emon.api.auth.Role;
import org.emon.api.auth.User;
import org.emon.api.rest.ApiException;
import org.emon.api.rest.BodyLimit;
import org.emon.api.rest.JsonFields;
import org.emon.api.rest.RestProperties;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users API, for admins only: {@code GET /api/v1/users}, {@code GET/PUT/DELETE
 * /api/v1/users/{name}} and {@code POST /api/v1/users}. Users appear as {@code {"name","role"}};
 * the password is write-only. Role check, body limit, JSON reading and error answers are the REST
 * layer's, as declared here.
 */
@Component(service = UsersResource.class, property = RestProperties.RESOURCE + "=true")
@Path("v1/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RestProperties.ROLE_ADMIN)
@BodyLimit(UsersResource.MAX_BODY_BYTES)
public class UsersResource {

    private static final Logger LOG = LoggerFactory.getLogger(UsersResource.class);

    static final int MAX_BODY_BYTES = 4 * 1024;

    private final UserAdministration users;

    @Activate
    public UsersResource(@Reference AuthService auth) {
        this.users = new UserAdministration(auth);
    }

    @GET
    public Response list() {
        ArrayNode array = JsonBodies.MAPPER.createArrayNode();
        users.users().forEach(u -> array.add(json(u)));
        return ok(array.toString());
    }

    @GET
    @Path("{name}")
    public Response one(@PathParam("name") String name) {
        return run(() -> {
            UserStore.checkUsername(name);
            return ok(json(users.user(name).orElseThrow(() -> unknown(name))).toString());
        });
    }

    @POST
    public Response create(@JsonFields({ "name", "password", "role" }) ObjectNode fields, @Context UriInfo uri) {
        return run(() -> {
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
    public Response update(@PathParam("name") String name, @JsonFields({ "password", "role" }) ObjectNode fields) {
        return run(() -> {
            UserStore.checkUsername(name);
            String password = text(fields, "password", false);
            String role = text(fields, "role", false);
            if (password == null && role == null) {
                throw new IllegalArgumentException("send password and/or role to change");
            }
            if (password != null) {
                UserStore.checkPassword(password);
            }
            return ok(json(users.update(name, password, role == null ? null : role(role).id())).toString());
        });
    }

    @DELETE
    @Path("{name}")
    public Response remove(@PathParam("name") String name) {
        return run(() -> {
            UserStore.checkUsername(name);
            users.remove(name);
            return Response.noContent().header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        });
    }

    private interface Action {
        Response run() throws IOException;
    }

    /** The one place where the user service's exceptions become refusals: its contract, see UserAdmin. */
    private static Response run(Action action) {
        try {
            return action.run();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (NoSuchElementException e) {
            throw ApiException.notFound(e.getMessage());
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        } catch (IOException e) {
            LOG.error("Could not save the users file", e);
            throw new ApiException(500, "could not save the users file; see the server log");
        }
    }

    private static NoSuchElementException unknown(String name) {
        return new NoSuchElementException("no user named '" + ApiException.quote(name) + "'");
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
        throw new IllegalArgumentException("role must be viewer or admin, not '" + ApiException.quote(value) + "'");
    }

    static ObjectNode json(User user) {
        ObjectNode node = JsonBodies.MAPPER.createObjectNode();
        node.put("name", user.name());
        node.put("role", user.role().id());
        return node;
    }

    private static Response ok(String json) {
        return Response.ok(json).type(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
