package org.emon.auth.jwt.internal;

import java.io.IOException;
import java.net.URI;
import java.util.NoSuchElementException;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
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

import org.emon.api.auth.ApiToken;
import org.emon.api.auth.ApiTokenAdmin;
import org.emon.api.auth.ApiTokenScope;
import org.emon.api.auth.NewApiToken;
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
 * The API tokens, for admins: {@code GET /api/v1/tokens} lists them ({@code name, scope, created,
 * lastUsed}), {@code POST} with {@code {"name","scope"}} creates one and answers its secret as
 * {@code token}, the only time it is shown, {@code DELETE /api/v1/tokens/{name}} revokes one.
 */
@Component(service = ApiTokensResource.class, property = RestProperties.RESOURCE + "=true")
@Path("v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RestProperties.ROLE_ADMIN)
@BodyLimit(ApiTokensResource.MAX_BODY_BYTES)
public class ApiTokensResource {

    private static final Logger LOG = LoggerFactory.getLogger(ApiTokensResource.class);

    static final int MAX_BODY_BYTES = 1024;

    private final ApiTokenAdmin tokens;

    @Activate
    public ApiTokensResource(@Reference ApiTokenAdmin tokens) {
        this.tokens = tokens;
    }

    @GET
    public Response list() {
        ArrayNode array = JsonBodies.MAPPER.createArrayNode();
        tokens.tokens().forEach(t -> array.add(json(t)));
        return noStore(Response.ok(array.toString()));
    }

    @POST
    public Response create(@JsonFields({ "name", "scope" }) ObjectNode fields, @Context UriInfo uri) {
        String name = text(fields, "name");
        ApiTokenScope scope;
        try {
            ApiTokenStore.checkName(name);
            scope = scope(text(fields, "scope"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        try {
            NewApiToken created = tokens.create(name, scope);
            URI location = uri.getAbsolutePathBuilder().path(name).build();
            return noStore(Response.created(location).entity(json(created.token()).put("token", created.secret()).toString()));
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        } catch (IOException e) {
            throw saveFailed(e);
        }
    }

    @DELETE
    @Path("{name}")
    public Response revoke(@PathParam("name") String name) {
        try {
            tokens.revoke(name);
            return noStore(Response.noContent());
        } catch (NoSuchElementException e) {
            throw ApiException.notFound(e.getMessage());
        } catch (IOException e) {
            throw saveFailed(e);
        }
    }

    private static ApiException saveFailed(IOException e) {
        LOG.error("Could not save the API tokens file", e);
        return new ApiException(500, "could not save the API tokens file; see the server log");
    }

    private static String text(ObjectNode fields, String field) {
        JsonNode v = fields.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest(field + " is required");
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        return v.textValue();
    }

    /** Exactly one of the documented spellings, lower case. */
    private static ApiTokenScope scope(String value) {
        ApiTokenScope scope = ApiTokenScope.parse(value);
        if (!scope.id().equals(value)) {
            throw new IllegalArgumentException("scope must be read, metrics, ingest or admin, not '" + ApiException.quote(value) + "'");
        }
        return scope;
    }

    static ObjectNode json(ApiToken token) {
        ObjectNode node = JsonBodies.MAPPER.createObjectNode();
        node.put("name", token.name());
        node.put("scope", token.scope().id());
        node.put("created", token.created().toString());
        node.put("lastUsed", token.lastUsed() == null ? null : token.lastUsed().toString());
        return node;
    }

    private static Response noStore(Response.ResponseBuilder builder) {
        return builder.type(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
