package org.emon.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.emon.rest.internal.PulseBatchParser.BatchException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Checks shared by the resources: meter ids, content types, body sizes, JSON objects. */
final class Requests {

    /** A duplicate key or content after the object is refused: it would hide what the client meant. */
    private static final ObjectReader STRICT_JSON = new ObjectMapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Requests() {
    }

    /**
     * A meter id from a path: "abc", "-1" or "99999999999" are as unknown as 99, so 404, not a
     * malformed request.
     */
    static int meterId(String id) throws ClientError {
        if (id != null && id.matches("[0-9]{1,9}")) {
            int value = Integer.parseInt(id);
            if (value > 0) {
                return value;
            }
        }
        throw ClientError.noMeter(id);
    }

    /** 415 unless the Content-Type is JSON ({@code application/json} or {@code application/*+json}). */
    static void requireJson(String contentType) throws ClientError {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            throw new ClientError(415, "the body must be JSON: send Content-Type: application/json");
        }
    }

    /** 413 when the declared length is over {@code maxBytes}: refused before reading the body. */
    static void checkLength(String contentLength, int maxBytes) throws ClientError {
        if (contentLength == null) {
            return;
        }
        try {
            if (Long.parseLong(contentLength.trim()) > maxBytes) {
                throw tooLarge(maxBytes);
            }
        } catch (NumberFormatException e) {
            // the container refuses a malformed length itself; the read limit still applies
        }
    }

    static ClientError tooLarge(int maxBytes) {
        return new ClientError(413, "request body over " + maxBytes + " bytes");
    }

    /**
     * The body as a JSON object of at most {@code maxBytes}, with no field outside {@code allowed}.
     */
    static ObjectNode readObject(InputStream body, int maxBytes, Set<String> allowed) throws ClientError {
        byte[] bytes;
        try {
            bytes = PulseBatchParser.read(body, maxBytes);
        } catch (BatchException e) {
            throw new ClientError(e.status, e.getMessage());
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            throw ClientError.badRequest("empty request body: a JSON object is expected");
        }
        JsonNode node;
        try {
            node = STRICT_JSON.readTree(bytes);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw ClientError.badRequest("malformed JSON: " + printable(detail));
        }
        if (node == null || !node.isObject()) {
            throw ClientError.badRequest("the body must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ClientError.badRequest("unknown field '" + printable(name) + "'; expected "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return (ObjectNode) node;
    }

    /** A client's text fit to quote in a message: at most 40 characters, controls replaced by '?'. */
    static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
