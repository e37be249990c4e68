package org.emon.http.jetty;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

import javax.servlet.RequestDispatcher;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;
import org.emon.http.internal.ErrorJson;
import org.emon.http.internal.Messages;
import org.emon.http.internal.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty server's own error handler: JSON instead of HTML for what Jetty refuses before any
 * servlet sees the request (431 for oversized headers, 400 for a malformed URI) and for errors
 * outside every servlet context. Each kind is logged at most once a minute, with the count of
 * those left out, in place of Jetty's warning per request.
 */
public class JsonErrorHandler extends ErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorHandler.class);

    private final RateLimitedLog log;

    public JsonErrorHandler() {
        this(new RateLimitedLog(Duration.ofMinutes(1), System::nanoTime, LOG::info));
    }

    JsonErrorHandler(RateLimitedLog log) {
        this.log = log;
        setShowStacks(false);
        setShowServlet(false);
    }

    /** A request Jetty could not read (HttpChannel.onBadMessage): called on the parser's thread. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        Messages.BadMessage bad = Messages.badMessage(status, reason);
        log.event(bad.kind(), "Refused a request Jetty could not read: " + status + " " + bad.message());
        if (HttpStatus.hasNoBody(status)) {
            return BufferUtil.EMPTY_BUFFER;
        }
        fields.put(HttpHeader.CONTENT_TYPE, ErrorJson.CONTENT_TYPE);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return ByteBuffer.wrap(ErrorJson.bytes(status, bad.message()));
    }

    /** Every method gets a body, not only GET, POST and HEAD as in Jetty's HTML pages. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /** An error outside every context (no context matched, or one failed to start). */
    @Override
    public void doError(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response) throws IOException {
        baseRequest.setHandled(true);
        int status = response.getStatus();
        if (HttpStatus.hasNoBody(status) || response.isCommitted()) {
            return;
        }
        String message;
        if (status == HttpStatus.NOT_FOUND_404) {
            message = Messages.notFound(request.getRequestURI());
        } else {
            Object reason = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            message = reason == null ? HttpStatus.getMessage(status) : ErrorJson.quote(reason.toString());
        }
        byte[] body = ErrorJson.bytes(status, message);
        response.setContentType(ErrorJson.CONTENT_TYPE);
        response.setHeader(HttpHeader.CACHE_CONTROL.asString(), "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
