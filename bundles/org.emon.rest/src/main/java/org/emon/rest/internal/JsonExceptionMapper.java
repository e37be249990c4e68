package org.emon.rest.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

import javax.ws.rs.NotAcceptableException;
import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.NotSupportedException;
import javax.ws.rs.ProcessingException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.emon.api.rest.ApiException;
import org.glassfish.jersey.server.ParamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Every error as the original's JSON: {@code {"status":404,"message":"..."}}, also those Jersey
 * raises itself (unknown path, wrong method, unacceptable Accept, unsupported Content-Type, a
 * parameter it cannot convert) and malformed JSON of a resource that reads its body with Jackson:
 * whatever a client sends is a 4xx. Only an exception nobody expected is a 500, logged and
 * answered without its details.
 * <p>
 * While emon is starting, a path no resource answers yet is a 503 with {@code Retry-After}, not a
 * 404: the API is served as its resources come, so a client that logged in early could otherwise
 * be told that {@code /api/ipu} does not exist.
 */
final class JsonExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(JsonExceptionMapper.class);
    static final String NOT_FOUND = "not found: no such resource (the API is described at /api/v1/openapi.json)";
    /** The one answer to a body that is not JSON where JSON is expected. */
    static final String NOT_JSON = "the body must be JSON: send Content-Type: application/json";
    static final String STARTING = "emon is starting: try again in a moment";

    private final BooleanSupplier starting;

    /** @param starting true while emon is starting (some resources may not be registered yet) */
    JsonExceptionMapper(BooleanSupplier starting) {
        this.starting = starting;
    }

    @Override
    public Response toResponse(Throwable exception) {
        if (exception instanceof ApiException api) {
            return api(api);
        }
        if (exception instanceof ProcessingException && exception.getCause() instanceof ApiException api) {
            return api(api); // thrown while reading a body
        }
        if (exception instanceof ParamException param) {
            return param(param);
        }
        if (exception instanceof NotFoundException && starting.getAsBoolean()) {
            return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", "1")
                    .entity(body(503, STARTING)).build();
        }
        if (exception instanceof WebApplicationException wae) {
            return web(wae);
        }
        if (exception instanceof JsonProcessingException json) {
            return error(400, "malformed JSON: " + json.getOriginalMessage());
        }
        if (exception instanceof ProcessingException && exception.getCause() instanceof JsonProcessingException json) {
            return error(400, "malformed JSON: " + json.getOriginalMessage());
        }
        LOG.error("Request failed", exception);
        return error(500, "internal error");
    }

    /**
     * A parameter Jersey could not convert (e.g. "abc" for an {@code int}): a path parameter
     * names something that does not exist (404), any other is a bad request (400).
     */
    private static Response param(ParamException e) {
        String kind = e.getParameterType().getSimpleName().replace("Param", "").toLowerCase(Locale.ROOT);
        if (e instanceof ParamException.PathParamException) {
            return error(404, "not found: '" + e.getParameterName() + "' names nothing that exists");
        }
        String cause = e.getCause() == null ? "" : ": " + e.getCause().getMessage();
        return error(400, kind + " parameter '" + e.getParameterName() + "' cannot be read" + cause);
    }

    private static Response web(WebApplicationException wae) {
        Response original = wae.getResponse();
        int status = original.getStatus();
        String message;
        if (wae instanceof NotFoundException) {
            message = NOT_FOUND;
        } else if (wae instanceof NotAllowedException) {
            Set<String> allowed = new TreeSet<>(original.getAllowedMethods());
            message = "method not allowed here; allowed: " + String.join(", ", allowed);
        } else if (wae instanceof NotAcceptableException) {
            message = "none of the types in Accept can be answered here: ask for application/json"
                    + " (text/csv where the API offers it)";
        } else if (wae instanceof NotSupportedException) {
            message = NOT_JSON;
        } else if (wae.getMessage() != null && !wae.getMessage().startsWith("HTTP ")) {
            message = wae.getMessage();
        } else {
            message = original.getStatusInfo().getReasonPhrase();
        }
        return Response.fromResponse(original).type(MediaType.APPLICATION_JSON_TYPE).entity(body(status, message)).build();
    }

    private static Response api(ApiException e) {
        Response.ResponseBuilder answer = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(e.status(), e.getMessage()));
        e.headers().forEach(answer::header);
        return answer.build();
    }

    /** An error answer in the API's shape. */
    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body(status, message)).build();
    }

    static Map<String, Object> body(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("message", message);
        return body;
    }
}
