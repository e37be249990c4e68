package org.emon.api.rest;

/** Service property names that put a service into emon's REST API. */
public final class RestProperties {

    /** {@code true} on a JAX-RS resource object (the OSGi JAX-RS whiteboard's name). */
    public static final String RESOURCE = "osgi.jaxrs.resource";

    /** {@code true} on a JAX-RS provider: filter, exception mapper, body reader or writer. */
    public static final String EXTENSION = "osgi.jaxrs.extension";

    /**
     * {@code true} on the {@code ContainerRequestFilter} that authenticates requests. The REST API
     * is not served at all until one is registered, so a missing auth bundle cannot leave it open.
     */
    public static final String AUTHENTICATION = "emon.rest.authentication";

    /** Role names carried in tokens. */
    public static final String ROLE_ADMIN = "admin";
    public static final String ROLE_VIEWER = "viewer";

    /**
     * Roles that only API tokens carry, never a user: {@code ingest} (posting pulses) and
     * {@code metrics} ({@code GET /metrics}). A method accepts such a token only if its
     * {@code @RolesAllowed} names the role; a method without {@code @RolesAllowed} needs
     * {@link #ROLE_VIEWER}.
     */
    public static final String ROLE_INGEST = "ingest";
    public static final String ROLE_METRICS = "metrics";

    private RestProperties() {
    }
}
