package org.emon.rest.internal;

import java.io.IOException;
import java.util.Arrays;

import org.emon.api.rest.ApiException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Checks and reads an ingest body {@code {"timestamps":[ms, ...]}}. Every problem a client can
 * cause becomes an {@link ApiException} with the status to answer (400 or 413) and a message
 * naming the problem, never an unexpected exception (which would be a 500).
 *
 * <p>Streaming, not a tree: a body of a million tiny numbers is refused at element 10,001 instead
 * of first being materialised.
 */
final class PulseBatchParser {

    /** More than a client needs (10,000 timestamps of 13 digits are ~140 kB) and little to hold. */
    static final int MAX_BODY_BYTES = 1 << 20;
    static final int MAX_TIMESTAMPS = 10_000;
    /** 2000-01-01T00:00:00Z: anything older is a clock that was never set (the epoch, 1970). */
    static final long EARLIEST_MILLIS = 946_684_800_000L;
    /** Clocks of small devices drift; more than this ahead is a wrong clock, not drift. */
    static final long MAX_FUTURE_MILLIS = 60_000;

    private static final String FIELD = "timestamps";
    private static final String SHAPE = "expected {\"timestamps\":[milliseconds since 1970, ...]}";
    private static final JsonFactory JSON = new JsonFactory();

    private PulseBatchParser() {
    }

    /**
     * The timestamps of a body, in the order sent (duplicates kept: the store counts them).
     *
     * @param nowMillis the server's clock, for the "not in the future" check
     */
    static long[] parse(byte[] body, long nowMillis) {
        if (isBlank(body)) {
            throw ApiException.badRequest("empty request body: " + SHAPE);
        }
        try (JsonParser json = JSON.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("the body must be a JSON object: " + SHAPE);
            }
            long[] timestamps = null;
            for (JsonToken t = json.nextToken(); t != JsonToken.END_OBJECT; t = json.nextToken()) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (!FIELD.equals(name)) {
                    json.skipChildren(); // unknown fields are tolerated, for newer clients
                } else if (timestamps != null) {
                    throw ApiException.badRequest("\"timestamps\" appears twice");
                } else if (value != JsonToken.START_ARRAY) {
                    throw ApiException.badRequest("\"timestamps\" is not an array: " + SHAPE);
                } else {
                    timestamps = readArray(json, nowMillis);
                }
            }
            if (json.nextToken() != null) {
                throw ApiException.badRequest("malformed JSON: content after the object");
            }
            if (timestamps == null) {
                throw ApiException.badRequest("missing field \"timestamps\": " + SHAPE);
            }
            if (timestamps.length == 0) {
                throw ApiException.badRequest("\"timestamps\" is empty: send at least one");
            }
            return timestamps;
        } catch (JsonProcessingException e) {
            // includes truncated input and Jackson's nesting and length limits
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable request body: " + e.getMessage()); // cannot happen on a byte[]
        }
    }

    private static long[] readArray(JsonParser json, long nowMillis) throws IOException {
        long[] timestamps = new long[64];
        int n = 0;
        for (JsonToken t = json.nextToken(); t != JsonToken.END_ARRAY; t = json.nextToken()) {
            if (n == MAX_TIMESTAMPS) {
                throw new ApiException(413, "more than " + MAX_TIMESTAMPS + " timestamps in one request: split the batch");
            }
            String at = "timestamps[" + n + "]";
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw ApiException.badRequest(at + " is not an integer (milliseconds since 1970): " + describe(json, t));
            }
            if (json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw ApiException.badRequest(at + " = " + json.getText() + " is out of range");
            }
            long ms = json.getLongValue();
            if (ms < EARLIEST_MILLIS) {
                throw ApiException.badRequest(at + " = " + ms + " is before 2000-01-01 (milliseconds expected, not seconds?)");
            }
            if (ms > nowMillis + MAX_FUTURE_MILLIS) {
                throw ApiException.badRequest(at + " = " + ms + " is more than " + MAX_FUTURE_MILLIS / 1000
                        + " s in the future (server time " + nowMillis + ")");
            }
            if (n == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, Math.min(MAX_TIMESTAMPS, n * 2));
            }
            timestamps[n++] = ms;
        }
        return Arrays.copyOf(timestamps, n);
    }

    private static String describe(JsonParser json, JsonToken t) throws IOException {
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NULL -> "null";
            default -> json.getText();
        };
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
