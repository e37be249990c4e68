package org.emon.rest.internal;

import org.emon.api.rest.ApiException;

/** Checks shared by the resources. */
final class Requests {

    private Requests() {
    }

    /**
     * A meter id from a path: "abc", "-1" or "99999999999" are as unknown as 99, so 404, not a
     * malformed request.
     */
    static int meterId(String id) {
        if (id != null && id.matches("[0-9]{1,9}")) {
            int value = Integer.parseInt(id);
            if (value > 0) {
                return value;
            }
        }
        throw ApiException.noMeter(id);
    }
}
