/**
 * Conventions for JAX-RS resources that bundles contribute to emon's REST API. A resource is any
 * object registered as a service with the property {@code osgi.jaxrs.resource=true}; a provider
 * (filter, exception mapper) with {@code osgi.jaxrs.extension=true}. Every resource method needs a
 * valid token unless it is marked {@link org.emon.api.rest.Public}.
 */
@Export
@Version("1.0.0")
package org.emon.api.rest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
