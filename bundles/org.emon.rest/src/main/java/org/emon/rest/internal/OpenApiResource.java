package org.emon.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.emon.api.rest.Public;
import org.emon.api.rest.RestProperties;
import org.osgi.service.component.annotations.Component;

/**
 * {@code GET /api/v1/openapi.json}, without a token: the OpenAPI 3.0 description of the whole API,
 * written by hand ({@code openapi.json} beside this class) and compared with the resources by a
 * test, so it cannot drift from what the server does.
 */
@Component(service = OpenApiResource.class, property = RestProperties.RESOURCE + "=true")
@Path("v1/openapi.json")
public final class OpenApiResource {

    static final String DOCUMENT = "openapi.json";

    private final byte[] document;

    public OpenApiResource() {
        this.document = load();
    }

    static byte[] load() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing from the bundle");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Public
    @Produces(MediaType.APPLICATION_JSON)
    public Response document() {
        return Response.ok(document, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
