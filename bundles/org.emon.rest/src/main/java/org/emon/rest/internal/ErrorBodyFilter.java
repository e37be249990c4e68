package org.emon.rest.internal;

import java.lang.annotation.Annotation;
import java.util.Locale;

import javax.annotation.Priority;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.core.MediaType;

/**
 * Gives an error answer without a body the API's JSON: Jersey answers some refusals itself without
 * consulting any exception mapper (a malformed {@code Accept} header is a bare 400), and a resource
 * of another bundle may answer a bare status.
 */
@Priority(Priorities.USER)
final class ErrorBodyFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() >= 400 && !response.hasEntity() && !HttpMethod.HEAD.equals(request.getMethod())) {
            String reason = response.getStatusInfo().getReasonPhrase();
            response.setEntity(JsonExceptionMapper.body(response.getStatus(), reason == null ? "error" : reason.toLowerCase(Locale.ROOT)),
                    new Annotation[0], MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
