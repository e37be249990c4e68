package org.emon.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ErrorJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode parse(byte[] body) throws Exception {
        return JSON.readTree(body);
    }

    @Test
    void theBodyIsTheApisShape() throws Exception {
        JsonNode body = parse(ErrorJson.bytes(404, "not found: x"));
        assertThat(body.size()).isEqualTo(2);
        assertThat(body.path("status").isInt()).isTrue();
        assertThat(body.path("status").asInt()).isEqualTo(404);
        assertThat(body.path("message").asText()).isEqualTo("not found: x");
        assertThat(new String(ErrorJson.bytes(400, "m"), StandardCharsets.UTF_8)).isEqualTo("{\"status\":400,\"message\":\"m\"}");
    }

    @Test
    void quotesBackslashesControlsAndMarkupAreEscapedAndTheTextSurvivesARoundTrip() throws Exception {
        String nasty = "a\"b\\c\u0000d\ne\rf\tg\u001fh\u007fi</script><b>é€😀";
        byte[] bytes = ErrorJson.bytes(400, nasty);
        String raw = new String(bytes, StandardCharsets.UTF_8);
        assertThat(raw).doesNotContain("<", ">", "\n", "\r", "\t", "\u0000", "\u007f");
        assertThat(parse(bytes).path("message").asText()).isEqualTo(nasty);
    }

    @Test
    void clientTextLosesItsControlCharactersSoNoLineOrHeaderCanBeForged() {
        assertThat(ErrorJson.quote("/a\r\nX-Injected: 1\u0000\u0085\u2028b")).isEqualTo("/a??X-Injected: 1???b");
        assertThat(ErrorJson.quote("/plain/é€😀")).isEqualTo("/plain/é€😀");
        assertThat(ErrorJson.quote(null)).isEmpty();
        assertThat(ErrorJson.quote("")).isEmpty();
    }

    @Test
    void clientTextIsBoundedAndNeverEndsInHalfACharacter() {
        String longPath = "/" + "x".repeat(10_000);
        String quoted = ErrorJson.quote(longPath);
        assertThat(quoted).hasSize(ErrorJson.MAX_QUOTED + 3).endsWith("...").startsWith("/xxx");
        assertThat(ErrorJson.quote("x".repeat(ErrorJson.MAX_QUOTED))).hasSize(ErrorJson.MAX_QUOTED).doesNotEndWith("...");

        // a surrogate pair across the limit: cut before it, not through it
        String pair = "x".repeat(ErrorJson.MAX_QUOTED - 1) + "😀" + "tail";
        String cut = ErrorJson.quote(pair);
        assertThat(cut).isEqualTo("x".repeat(ErrorJson.MAX_QUOTED - 1) + "...");
        assertThat(cut.chars().anyMatch(c -> Character.isSurrogate((char) c))).isFalse();
    }
}
