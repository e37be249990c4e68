package org.emon.http.internal;

import java.nio.charset.StandardCharsets;

/**
 * The body of every emon error, {@code {"status":404,"message":"..."}}, as the REST API writes
 * it. Two fields, written here by hand: Jetty renders bad-message errors on its parser thread,
 * where no JSON library of ours is at hand, and nothing more is needed.
 */
public final class ErrorJson {

    /** What an error answer is. */
    public static final String CONTENT_TYPE = "application/json";
    /** How much of a client's text (a path, Jetty's reason) an answer or a log line quotes at most. */
    static final int MAX_QUOTED = 120;

    private ErrorJson() {
    }

    /** The error body, UTF-8. */
    public static byte[] bytes(int status, String message) {
        return body(status, message).getBytes(StandardCharsets.UTF_8);
    }

    static String body(int status, String message) {
        StringBuilder b = new StringBuilder(message.length() + 32);
        b.append("{\"status\":").append(status).append(",\"message\":\"");
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                // '<' and '>' escaped too, so that no browser can take the body for markup
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append("\"}").toString();
    }

    /**
     * Text a client chose, fit to quote in an answer or a log line: no control characters (each
     * becomes '?', so nobody can forge a log line or a header), at most {@value #MAX_QUOTED}
     * characters (then "...").
     */
    public static String quote(String text) {
        if (text == null) {
            return "";
        }
        int end = Math.min(text.length(), MAX_QUOTED);
        StringBuilder b = new StringBuilder(end + 3);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? '?' : c);
        }
        if (end < text.length() && end > 0 && Character.isHighSurrogate(b.charAt(end - 1))) {
            b.setLength(b.length() - 1); // never half a character
        }
        return text.length() > end ? b.append("...").toString() : b.toString();
    }
}
