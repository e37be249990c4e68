package org.emon.auth.jwt.internal;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON bodies this bundle writes itself, independent of how the REST layer configures Jackson. */
final class JsonBodies {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBodies() {
    }

    /** The original server's error shape: {@code {"status":401,"message":"..."}}. */
    static String error(int status, String message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("status", status);
        node.put("message", message);
        return write(node);
    }

    /** {@code {"token":"...","expires":<epoch ms>,"user":{"username":"...","role":"..."}}}. */
    static String loginSuccess(IssuedToken token) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("token", token.token());
        node.put("expires", token.expiresAt().toEpochMilli());
        ObjectNode user = node.putObject("user");
        user.put("username", token.username());
        user.put("role", token.role());
        return write(node);
    }

    /** A request body of at most {@code max} bytes; {@code null} when it is longer. */
    static byte[] readAtMost(InputStream in, int max) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        byte[] bytes = in.readNBytes(max + 1);
        return bytes.length > max ? null : bytes;
    }

    private static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // cannot happen for a tree of strings and numbers
        }
    }
}
