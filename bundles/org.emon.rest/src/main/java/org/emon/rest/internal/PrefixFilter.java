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
 * both {@code /api} and the original's {@code /apiv2}, one application behind both; except
 * {@code metrics}, which Prometheus expects at {@code /metrics} and which is served there only. So
 * {@code /apiv2/v1/...} and {@code /api/metrics} are 404s, before any token is looked at: one
 * documented path per endpoint.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 200)
final class PrefixFilter implements ContainerRequestFilter {

    static final String API = "/api";
    static final String LEGACY_API = "/apiv2";
    static final String MODERN = "v1";
    /** The root: the application sees requests to {@code /metrics} with this prefix. */
    static final String ROOT = "";
    static final String METRICS = "metrics";

    /**
     * Whether a resource path (relative, as in {@code @Path}, e.g. {@code v1/status}) is served
     * under a prefix ({@link #API} or {@link #LEGACY_API}).
     */
    static boolean served(String prefix, String resourcePath) {
        String path = resourcePath.replaceAll("^/+", "");
        String first = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        if (ROOT.equals(prefix) || first.equals(METRICS)) {
            return ROOT.equals(prefix) && first.equals(METRICS);
        }
        if (API.equals(prefix)) {
            return true;
        }
        return LEGACY_API.equals(prefix) && !first.equals(MODERN);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String base = request.getUriInfo().getBaseUri().getPath();
        String prefix = base == null ? ROOT : base.endsWith(LEGACY_API + "/") ? LEGACY_API : base.endsWith(API + "/") ? API : ROOT;
        // the first segment as Jersey matches it: decoded, matrix parameters and empty segments left out
        String first = "";
        for (PathSegment segment : request.getUriInfo().getPathSegments(true)) {
            if (!segment.getPath().isEmpty()) {
                first = segment.getPath();
                break;
            }
        }
        if (!served(prefix, first)) {
            throw ApiException.notFound(first.equals(MODERN) ? "not found: the /api/v1 API is served under /api only"
                    : first.equals(METRICS) ? "not found: metrics are served at /metrics" : "not found");
        }
    }
}
