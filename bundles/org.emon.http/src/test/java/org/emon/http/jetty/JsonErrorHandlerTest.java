package org.emon.http.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.emon.http.internal.RateLimitedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The handler on a real Jetty 9.4 server without any context, as pax-web's Server is before the first one. */
class JsonErrorHandlerTest {

    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private Server server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler(new RateLimitedLog(Duration.ofMinutes(1), System::nanoTime, logged::add)));
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    /** Status line, then the raw answer. */
    private String send(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static JsonNode body(String answer) throws IOException {
        return new ObjectMapper().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }

    private static void assertJsonError(String answer, int status) throws IOException {
        assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
        assertThat(answer.toLowerCase()).contains("content-type: application/json");
        JsonNode body = body(answer);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("message").asText()).isNotBlank();
    }

    @Test
    void anOversizedHeaderIsA431InJson() throws Exception {
        String answer = send("GET /api/ HTTP/1.1\r\nHost: x\r\nX-Big: " + "x".repeat(64 * 1024) + "\r\nConnection: close\r\n\r\n");
        assertJsonError(answer, 431);
        assertThat(body(answer).path("message").asText()).isEqualTo("request header too large");
    }

    @Test
    void malformedUrisAre400sInJson() throws Exception {
        for (String target : List.of("/%", "/api/%zz", "/api/%2", "/api/a%00b", "/api/..%2f..")) {
            String answer = send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertJsonError(answer, 400);
            assertThat(body(answer).path("message").asText()).as(target).startsWith("malformed URI: ");
        }
    }

    @Test
    void aPathNoContextServesIsA404InJsonForEveryMethod() throws Exception {
        for (String method : List.of("GET", "DELETE", "PATCH")) {
            String answer = send(method + " /nothing/here HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            assertJsonError(answer, 404);
            assertThat(body(answer).path("message").asText()).startsWith("not found: ").contains("/nothing/here");
        }
    }

    @Test
    void thousandsOfRefusalsLogOneLinePerKind() throws Exception {
        for (int i = 0; i < 200; i++) {
            send("GET /api/ HTTP/1.1\r\nHost: x\r\nX-Big: " + "x".repeat(16 * 1024) + "\r\nConnection: close\r\n\r\n");
            send("GET /% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        }
        assertThat(logged).hasSize(2);
        assertThat(logged).anyMatch(l -> l.contains("431")).anyMatch(l -> l.contains("400 malformed URI"));
    }
}
