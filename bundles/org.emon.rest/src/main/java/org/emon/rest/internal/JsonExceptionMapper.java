package org.emon.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error as the original's JSON: {@code {"status":404,"message":"..."}}. An unexpected
 * exception is logged and answered 500 without its details.
 */
final class JsonExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(JsonExceptionMapper.class);

    @Override
    public Response toResponse(Throwable exception) {
        if (exception instanceof WebApplicationException wae) {
            Response original = wae.getResponse();
            String message = original.getStatusInfo().getReasonPhrase();
            if (wae.getMessage() != null && !wae.getMessage().startsWith("HTTP ")) {
                message = wae.getMessage();
            }
            return Response.fromResponse(original)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(body(original.getStatus(), message))
                    .build();
        }
        LOG.error("Request failed", exception);
        return Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(500, "internal error")).build();
    }

    static Map<String, Object> body(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("message", message);
        return body;
    }
}
