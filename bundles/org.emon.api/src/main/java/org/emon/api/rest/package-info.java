/**
 * How a bundle adds resources to emon's REST API, by annotation and exception only.
 *
 * <ul>
 * <li>A resource is any object registered as a service with {@code osgi.jaxrs.resource=true}
 * ({@link RestProperties#RESOURCE}); a provider (filter, mapper) with
 * {@code osgi.jaxrs.extension=true}.</li>
 * <li>Every method needs a valid token unless it is marked {@link Public}; a method or class marked
 * {@code @javax.annotation.security.RolesAllowed("admin")} also needs that role (403 otherwise).</li>
 * <li>Refusals are thrown as {@link ApiException}; every error is answered as
 * {@code {"status":..,"message":..}}.</li>
 * <li>A JSON object body is a parameter of type {@code ObjectNode}, read strictly
 * ({@link JsonFields}); every body is limited by {@link BodyLimit}.</li>
 * </ul>
 */
@Export
@Version("1.2.0")
package org.emon.api.rest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
