package org.emon.auth.jwt.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON bodies this bundle writes itself, independent of how the REST layer configures Jackson. */
final class JsonBodies {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBodies() {
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

    private static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // cannot happen for a tree of strings and numbers
        }
    }
}
