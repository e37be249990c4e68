package org.emon.rest.internal;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.emon.api.rest.Public;
import org.emon.api.rest.RestProperties;
import org.osgi.service.component.annotations.Component;

/** {@code GET /apiv2/} (and {@code /api/}): what this API is, without a token, as the original. */
@Component(service = ApiRootResource.class, property = RestProperties.RESOURCE + "=true")
@Path("")
public final class ApiRootResource {

    @GET
    @Public
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> describe() {
        return Map.of("description", "emon energy monitor REST API: POST login for a token, then GET ipu for each meter's power");
    }
}
