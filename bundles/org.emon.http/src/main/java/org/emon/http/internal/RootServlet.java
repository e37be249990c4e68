package org.emon.http.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;

/**
 * Everything outside the API: {@code GET /} points to the API, any other path is a JSON 404, any
 * other method on {@code /} a JSON 405. A whiteboard servlet at {@code /} (the servlet
 * that gets what no other one matches) with the lowest ranking, so that a servlet or resource of
 * another bundle at {@code /} (a dashboard) takes its place.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/",
        "osgi.http.whiteboard.servlet.name=emon-root",
        "service.ranking:Integer=-2147483648" })
public final class RootServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String ALLOWED = "GET, HEAD, OPTIONS";
    static final String POINTER = "{\"name\":\"emon\",\"api\":\"/api/v1\",\"openapi\":\"/api/v1/openapi.json\",\"login\":\"/api/login\"}";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String method = request.getMethod();
        boolean head = "HEAD".equals(method);
        if (!"/".equals(path) && !path.isEmpty()) {
            error(response, HttpServletResponse.SC_NOT_FOUND, Messages.notFound(path), head);
        } else if ("GET".equals(method) || head) {
            write(response, HttpServletResponse.SC_OK, POINTER.getBytes(StandardCharsets.UTF_8), head);
        } else if ("OPTIONS".equals(method)) {
            response.setHeader("Allow", ALLOWED);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } else {
            response.setHeader("Allow", ALLOWED);
            error(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, Messages.methodNotAllowed(ALLOWED), false);
        }
    }

    private static void error(HttpServletResponse response, int status, String message, boolean head) throws IOException {
        write(response, status, ErrorJson.bytes(status, message), head);
    }

    private static void write(HttpServletResponse response, int status, byte[] body, boolean head) throws IOException {
        response.setStatus(status);
        response.setContentType(ErrorJson.CONTENT_TYPE);
        response.setContentLength(body.length);
        if (!head) {
            response.getOutputStream().write(body);
        }
    }
}
