package org.emon.itests;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written: no client library normalises the path
 * ({@code /api/login/../ipu} goes out as is), adds or drops headers, or refuses odd ones (an empty
 * {@code X-Access-Token}, 64 KB values), and the request can leave from any loopback address
 * (127.0.0.0/8), so that per-address login throttling in one test does not slow another. A
 * connection closed without an answer is an {@link UncheckedIOException}, which the tests count as
 * a failure ("never a dropped connection").
 */
final class LiveApiHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private LiveApiHttp() {
    }

    static Request request(String method, String target) {
        return new Request(method, target);
    }

    /** An answer: status, headers (names in lower case), body. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + text(), e);
            }
        }

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        @Override
        public String toString() {
            String t = text();
            return status + " " + (t.length() > 300 ? t.substring(0, 300) + "..." : t);
        }
    }

    /** A request, built as the bytes it will be. */
    static final class Request {
        private final String method;
        private final String target;
        private final List<String[]> headers = new ArrayList<>();
        private byte[] body;
        private boolean chunked;
        private boolean hostHeader = true;
        private InetAddress from;

        private Request(String method, String target) {
            this.method = method;
            this.target = target;
        }

        /** Any header, also empty, repeated or odd ones. */
        Request header(String name, String value) {
            headers.add(new String[] { name, value });
            return this;
        }

        Request token(String token) {
            return header("X-Access-Token", token);
        }

        Request bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        Request json(String json) {
            return body("application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        Request form(String form) {
            return body("application/x-www-form-urlencoded", form.getBytes(StandardCharsets.US_ASCII));
        }

        Request body(String contentType, byte[] bytes) {
            if (contentType != null) {
                header("Content-Type", contentType);
            }
            this.body = bytes;
            return this;
        }

        /** The body as one chunk with {@code Transfer-Encoding: chunked}, as Node's http.request sends a write() without a length. */
        Request chunked() {
            this.chunked = true;
            return this;
        }

        Request withoutHost() {
            this.hostHeader = false;
            return this;
        }

        /** Leave from this loopback address (the server sees it as the client's address). */
        Request from(InetAddress address) {
            this.from = address;
            return this;
        }

        Response send(LiveApiServer server) {
            return send(server.httpPort);
        }

        Response send(int port) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            write(out, method + " " + target + " HTTP/1.1\r\n");
            if (hostHeader) {
                write(out, "Host: 127.0.0.1:" + port + "\r\n");
            }
            for (String[] h : headers) {
                write(out, h[0] + ": " + h[1] + "\r\n");
            }
            if (body != null && chunked) {
                write(out, "Transfer-Encoding: chunked\r\n");
            } else if (body != null) {
                write(out, "Content-Length: " + body.length + "\r\n");
            }
            write(out, "Connection: close\r\n\r\n");
            if (body != null && chunked) {
                write(out, Integer.toHexString(body.length) + "\r\n");
                out.writeBytes(body);
                write(out, "\r\n0\r\n\r\n");
            } else if (body != null) {
                out.writeBytes(body);
            }
            try {
                return exchange(from, port, out.toByteArray(), "HEAD".equals(method));
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + abbreviate(target) + ": " + e.getMessage(), e);
            }
        }

        private static void write(ByteArrayOutputStream out, String s) {
            out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "...(" + s.length() + " chars)" : s;
    }

    /**
     * Sends the bytes while reading the answer: a server may answer (413, 431) before it has read
     * a large request, and must still be heard.
     */
    static Response exchange(InetAddress from, int port, byte[] request, boolean head) throws IOException {
        try (Socket socket = new Socket()) {
            if (from != null) {
                socket.bind(new InetSocketAddress(from, 0));
            }
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(30_000);
            AtomicReference<IOException> writeFailure = new AtomicReference<>();
            OutputStream os = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    os.write(request);
                    os.flush();
                } catch (IOException e) {
                    writeFailure.set(e); // fine if the server answered and closed early
                }
            }, "live-api-writer");
            writer.setDaemon(true);
            writer.start();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String statusLine = line(in);
            if (statusLine == null) {
                IOException e = new IOException("connection closed without an answer"
                        + (writeFailure.get() != null ? " (writing failed: " + writeFailure.get() + ")" : ""));
                throw e;
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP status line: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(h.substring(colon + 1).trim());
                }
            }
            byte[] body;
            List<String> te = headers.get("transfer-encoding");
            List<String> cl = headers.get("content-length");
            if (head || status == 204 || status == 304 || status / 100 == 1) {
                body = new byte[0];
            } else if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
                body = chunked(in);
            } else if (cl != null) {
                body = in.readNBytes(Integer.parseInt(cl.get(0)));
            } else {
                body = in.readAllBytes();
            }
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Response(status, headers, body);
        }
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new IOException("connection closed inside a chunked body");
            }
            int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
            if (n == 0) {
                for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                    // trailers are not used
                }
                return body.toByteArray();
            }
            body.writeBytes(in.readNBytes(n));
            line(in);
        }
    }

    /** A CRLF-terminated line, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /** 127.x.y.z: a loopback address of its own for one test's failed logins. */
    static InetAddress loopback(int x, int y, int z) {
        try {
            return InetAddress.getByAddress(new byte[] { 127, (byte) x, (byte) y, (byte) z });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Query-string or path-segment encoding of any text: every byte outside the unreserved set as %XX. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }
}
