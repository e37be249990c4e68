package org.emon.rest.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.ext.ReaderInterceptor;
import javax.ws.rs.ext.ReaderInterceptorContext;

import org.emon.api.rest.ApiException;

/**
 * Limits a request body to one method's {@link org.emon.api.rest.BodyLimit}: refused with 413 from
 * its declared length before anything is read, else once more than the limit has arrived. The
 * body is then handed on from memory: bodies are small, and every reader after this one sees a
 * complete, bounded body.
 */
final class BodyLimitInterceptor implements ReaderInterceptor {

    private final int maxBytes;

    BodyLimitInterceptor(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        String length = context.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredOver(length.trim())) {
            throw tooLarge(maxBytes);
        }
        byte[] body;
        try (InputStream in = context.getInputStream()) {
            body = in == null ? new byte[0] : in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw ApiException.badRequest("the request body could not be read: " + ApiException.quote(e.getMessage()));
        }
        if (body.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    private boolean declaredOver(String length) {
        try {
            return Long.parseLong(length) > maxBytes;
        } catch (NumberFormatException e) {
            return false; // the container refuses a malformed length itself; the read limit still applies
        }
    }

    static ApiException tooLarge(int maxBytes) {
        return new ApiException(413, "request body over " + maxBytes + " bytes");
    }

    int maxBytes() {
        return maxBytes;
    }
}
