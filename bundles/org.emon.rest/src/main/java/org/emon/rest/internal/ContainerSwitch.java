package org.emon.rest.internal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;

/**
 * Holds the servlet that currently answers, and replaces it without failing a request: a new
 * servlet takes new requests at once, the old one is destroyed only when its last in-flight request
 * has ended. (Reloading a Jersey container in place fails the requests it is serving.)
 */
final class ContainerSwitch {

    private final AtomicReference<Generation> current = new AtomicReference<>();

    /** Makes {@code servlet} (already initialised) answer from now on. */
    void install(Servlet servlet) {
        Generation old = current.getAndSet(new Generation(servlet));
        if (old != null) {
            old.retire();
        }
    }

    /** Stops answering; the last servlet is destroyed when its requests have ended. */
    void close() {
        Generation old = current.getAndSet(null);
        if (old != null) {
            old.retire();
        }
    }

    /**
     * Serves a request with the current servlet.
     *
     * @return {@code false} if there is none yet (or any more)
     */
    boolean service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        Generation generation = acquire();
        if (generation == null) {
            return false;
        }
        try {
            generation.servlet.service(request, response);
            return true;
        } finally {
            generation.release();
        }
    }

    private Generation acquire() {
        while (true) {
            Generation generation = current.get();
            if (generation == null || generation.tryAcquire()) {
                return generation;
            }
            // it was retired between the read and the acquire: the next read sees its successor
        }
    }

    private static final class Generation {
        final Servlet servlet;
        private final AtomicInteger inFlight = new AtomicInteger();
        private volatile boolean retired;
        private final AtomicBoolean destroyed = new AtomicBoolean();

        Generation(Servlet servlet) {
            this.servlet = servlet;
        }

        boolean tryAcquire() {
            inFlight.incrementAndGet();
            if (retired) {
                release();
                return false;
            }
            return true;
        }

        void release() {
            if (inFlight.decrementAndGet() == 0 && retired) {
                destroyOnce();
            }
        }

        void retire() {
            retired = true;
            if (inFlight.get() == 0) {
                destroyOnce();
            }
        }

        private void destroyOnce() {
            if (destroyed.compareAndSet(false, true)) {
                servlet.destroy();
            }
        }
    }
}
