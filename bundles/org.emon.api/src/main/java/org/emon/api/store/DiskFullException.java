package org.emon.api.store;

import java.util.concurrent.RejectedExecutionException;

/**
 * The store cannot take pulses now because the disk holding its data is full (see
 * {@link StoreState#DISK_FULL}): a caller keeps its pulses and sends them again later, less often
 * than after a full queue, since space comes back only when someone frees it.
 */
public class DiskFullException extends RejectedExecutionException {

    private static final long serialVersionUID = 1L;

    public DiskFullException(String message) {
        super(message);
    }
}
