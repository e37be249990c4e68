package org.emon.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.ext.MessageBodyReader;

import org.emon.api.rest.ApiException;
import org.emon.api.rest.JsonFields;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one reader of JSON object bodies ({@code ObjectNode} parameters), strict for every resource
 * of every bundle: JSON content type (415), one object (400), no duplicate field and nothing after
 * it, only the fields named by {@link JsonFields}. Its length was already limited by
 * {@link BodyLimitInterceptor}.
 */
final class JsonObjectReader implements MessageBodyReader<ObjectNode> {

    /** A duplicate key or content after the object is refused: it would hide what the client meant. */
    private static final ObjectReader STRICT_JSON = new ObjectMapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == ObjectNode.class;
    }

    @Override
    public ObjectNode readFrom(Class<ObjectNode> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entity) throws IOException {
        requireJson(mediaType);
        byte[] bytes = entity.readAllBytes(); // bounded by the body limit before this reader
        return read(bytes, allowedFields(annotations));
    }

    /** A body as a strict JSON object with only the {@code allowed} fields (any, when null). */
    static ObjectNode read(byte[] bytes, List<String> allowed) {
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw ApiException.badRequest("empty request body: a JSON object is expected");
        }
        JsonNode node;
        try {
            node = STRICT_JSON.readTree(bytes);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw ApiException.badRequest("malformed JSON: " + ApiException.quote(detail));
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        if (allowed != null) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    throw ApiException.badRequest("unknown field '" + ApiException.quote(name) + "'; expected "
                            + String.join(", ", new TreeSet<>(allowed)));
                }
            }
        }
        return (ObjectNode) node;
    }

    /** 415 unless {@code type} is JSON: for a resource that reads a JSON body its own way. */
    static void requireJson(MediaType type) {
        if (!isJson(type)) {
            throw new ApiException(415, JsonExceptionMapper.NOT_JSON);
        }
    }

    /** {@code application/json} or {@code application/*+json}, any parameters. */
    static boolean isJson(MediaType type) {
        if (type == null) {
            return false;
        }
        String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
        return type.getType().equalsIgnoreCase("application") && (subtype.equals("json") || subtype.endsWith("+json"));
    }

    private static List<String> allowedFields(Annotation[] annotations) {
        if (annotations != null) {
            for (Annotation a : annotations) {
                if (a instanceof JsonFields fields) {
                    return List.of(fields.value());
                }
            }
        }
        return null;
    }
}
