package org.emon.source.example.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
import org.emon.api.rest.RestProperties;
import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An example of a REST resource in a third-party bundle: notes about the far meter, kept in
 * memory. It declares what it needs (a token for everything, the admin role to add, a small JSON
 * body with one field) and throws {@link ApiException}; emon's REST layer does the checks and
 * writes every error. Served at {@code /api/v1/example/notes} while this bundle runs.
 */
@Component(service = NotesResource.class, property = RestProperties.RESOURCE + "=true")
@Path("v1/example/notes")
@Produces(MediaType.APPLICATION_JSON)
public final class NotesResource {

    /** A note as the API shows it. */
    public record Note(int index, String text) {
    }

    private final List<String> notes = new CopyOnWriteArrayList<>();

    @GET
    @Path("{index}")
    public Note note(@PathParam("index") int index) {
        if (index < 0 || index >= notes.size()) {
            throw ApiException.notFound("no note " + index + "; there are " + notes.size());
        }
        return new Note(index, notes.get(index));
    }

    @POST
    @RolesAllowed(RestProperties.ROLE_ADMIN)
    @BodyLimit(256)
    public Note add(@JsonFields({ "text" }) ObjectNode body) {
        JsonNode text = body.get("text");
        if (text == null || !text.isTextual() || text.textValue().isBlank()) {
            throw ApiException.badRequest("text: required, a non-empty string");
        }
        notes.add(text.textValue());
        return new Note(notes.size() - 1, text.textValue());
    }
}
