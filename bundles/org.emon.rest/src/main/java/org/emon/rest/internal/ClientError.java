package org.emon.rest.internal;

import javax.ws.rs.core.Response;

/**
 * Something a client got wrong (or asked for that does not exist), with the status to answer and
 * a message naming the problem. Checked, so a resource cannot forget to answer it.
 */
final class ClientError extends Exception {

    private static final long serialVersionUID = 1L;
    final int status;

    ClientError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ClientError badRequest(String message) {
        return new ClientError(400, message);
    }

    static ClientError noMeter(String id) {
        return new ClientError(404, "no meter " + Requests.printable(id) + " is configured");
    }

    /** The answer: {@code {"status":..,"message":..}}. */
    Response response() {
        return JsonExceptionMapper.error(status, getMessage());
    }
}
