package org.emon.rest.internal;

import java.util.Map;

import javax.annotation.Priority;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.Response;

import org.emon.api.rest.RestProperties;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * CORS for the REST API, configured by {@code org.emon.rest.cors} and off by default. A preflight
 * from an allowed origin is answered here, before matching and so without a token (browsers never
 * send one with it); the answers to actual requests, errors included, carry the headers that let
 * the page read them.
 */
@Component(service = { ContainerRequestFilter.class, ContainerResponseFilter.class }, configurationPid = "org.emon.rest.cors",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = RestProperties.EXTENSION + "=true")
@Designate(ocd = CorsConfig.class)
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String ORIGIN = "Origin";
    static final String REQUEST_METHOD = "Access-Control-Request-Method";

    private final Cors cors;

    @Activate
    public CorsFilter(CorsConfig config) {
        this(new Cors(config));
    }

    CorsFilter(Cors cors) {
        this.cors = cors;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!cors.enabled() || !preflight(request)) {
            return;
        }
        Map<String, String> preflight = cors.preflight(request.getHeaderString(ORIGIN), request.getHeaderString(REQUEST_METHOD));
        if (preflight != null) {
            Response.ResponseBuilder answer = Response.noContent();
            preflight.forEach(answer::header);
            request.abortWith(answer.build());
        }
    }

    private static boolean preflight(ContainerRequestContext request) {
        return HttpMethod.OPTIONS.equals(request.getMethod()) && request.getHeaderString(REQUEST_METHOD) != null;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getHeaders().containsKey("Access-Control-Allow-Origin") || preflight(request)) {
            return; // a preflight answered above, or one refused: no permission in any answer to it
        }
        cors.actual(request.getHeaderString(ORIGIN)).forEach((name, value) -> response.getHeaders().add(name, value));
    }
}
