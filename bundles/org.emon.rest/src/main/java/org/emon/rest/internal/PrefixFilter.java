package org.emon.rest.internal;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.PathSegment;

import org.emon.api.rest.ApiException;

/**
 * Which prefix serves what: the modern API {@code v1/...} only under {@code /api}; everything else
 * (the original's login, ipu, e-energy, e-power and root, and resources of other bundles) under
 * both {@code /api} and the original's {@code /apiv2}, one application behind both. So
 * {@code /apiv2/v1/...} is a 404, before any token is looked at: one documented path per modern
 * endpoint.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 200)
final class PrefixFilter implements ContainerRequestFilter {

    static final String API = "/api";
    static final String LEGACY_API = "/apiv2";
    static final String MODERN = "v1";

    /**
     * Whether a resource path (relative, as in {@code @Path}, e.g. {@code v1/status}) is served
     * under a prefix ({@link #API} or {@link #LEGACY_API}).
     */
    static boolean served(String prefix, String resourcePath) {
        if (API.equals(prefix)) {
            return true;
        }
        String path = resourcePath.replaceAll("^/+", "");
        return LEGACY_API.equals(prefix) && !(path.equals(MODERN) || path.startsWith(MODERN + "/"));
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String base = request.getUriInfo().getBaseUri().getPath();
        if (base == null || !base.endsWith(LEGACY_API + "/")) {
            return;
        }
        // the first segment as Jersey matches it: decoded, matrix parameters and empty segments left out
        for (PathSegment segment : request.getUriInfo().getPathSegments(true)) {
            if (!segment.getPath().isEmpty()) {
                if (segment.getPath().equals(MODERN)) {
                    throw ApiException.notFound("not found: the /api/v1 API is served under /api only");
                }
                return;
            }
        }
    }
}
