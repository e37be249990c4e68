package org.emon.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void jettysBadMessagesGetTheirOwnWordingAndKind() {
        assertThat(Messages.badMessage(431, "Request Header Fields Too Large").message()).isEqualTo("request header too large");
        assertThat(Messages.badMessage(431, null).kind()).isEqualTo("header-too-large");
        // Jetty gives no reason for a path it cannot decode
        Messages.BadMessage uri = Messages.badMessage(400, "Bad Request");
        assertThat(uri.kind()).isEqualTo("malformed-uri");
        assertThat(uri.message()).startsWith("malformed URI: ");
        assertThat(Messages.badMessage(400, null).message()).isEqualTo(uri.message());
        assertThat(Messages.badMessage(400, "Ambiguous URI path separator").message()).isEqualTo("malformed URI: Ambiguous URI path separator");
        Messages.BadMessage line = Messages.badMessage(400, "Illegal character SPACE=' '");
        assertThat(line.kind()).isEqualTo("bad-request");
        assertThat(line.message()).isEqualTo("bad request: Illegal character SPACE=' '");
        assertThat(Messages.badMessage(414, null).message()).isEqualTo("request URI too long");
        assertThat(Messages.badMessage(505, "Unknown Version").message()).isEqualTo("unknown version");
    }

    @Test
    void aReasonIsQuotedSafely() {
        String message = Messages.badMessage(400, "bad\r\nthing" + "x".repeat(500)).message();
        assertThat(message).doesNotContain("\r", "\n").hasSizeLessThan(200);
    }

    @Test
    void notFoundIsTheApisWordingWithThePathAndWhereTheApiIs() {
        String message = Messages.notFound("/favicon.ico");
        assertThat(message).startsWith("not found: ").contains("/favicon.ico").contains("/api/v1").contains("/api/v1/openapi.json");
        assertThat(Messages.notFound("/x\n" + "y".repeat(1000))).doesNotContain("\n").hasSizeLessThan(250);
    }

    @Test
    void methodNotAllowedIsTheApisWording() {
        assertThat(Messages.methodNotAllowed("GET, HEAD")).isEqualTo("method not allowed here; allowed: GET, HEAD");
    }
}
