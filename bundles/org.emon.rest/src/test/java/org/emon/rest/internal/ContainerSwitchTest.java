package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.GenericServlet;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;

import org.junit.jupiter.api.Test;

class ContainerSwitchTest {

    /** A servlet that counts its requests and can hold one in flight. */
    static final class FakeServlet extends GenericServlet {
        private static final long serialVersionUID = 1L;
        final AtomicInteger served = new AtomicInteger();
        volatile boolean destroyed;
        volatile CountDownLatch entered = new CountDownLatch(0);
        volatile CountDownLatch hold = new CountDownLatch(0);

        @Override
        public void service(ServletRequest req, ServletResponse res) {
            if (destroyed) {
                throw new IllegalStateException("request served by a destroyed servlet");
            }
            entered.countDown();
            try {
                hold.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            served.incrementAndGet();
        }

        @Override
        public void destroy() {
            destroyed = true;
        }
    }

    @Test
    void answersNothingBeforeTheFirstServlet() throws Exception {
        assertThat(new ContainerSwitch().service(null, null)).isFalse();
    }

    @Test
    void newRequestsGoToTheNewServletWhileTheOldFinishesItsOwn() throws Exception {
        ContainerSwitch containers = new ContainerSwitch();
        FakeServlet first = new FakeServlet();
        FakeServlet second = new FakeServlet();
        first.entered = new CountDownLatch(1);
        first.hold = new CountDownLatch(1);
        containers.install(first);

        CompletableFuture<Boolean> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return containers.service(null, null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(first.entered.await(5, TimeUnit.SECONDS)).isTrue();

        containers.install(second);
        assertThat(first.destroyed).as("destroyed while a request is in flight").isFalse();
        assertThat(containers.service(null, null)).isTrue();
        assertThat(second.served).hasValue(1);

        first.hold.countDown();
        assertThat(inFlight.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(first.served).hasValue(1);
        assertThat(first.destroyed).as("destroyed once its last request ended").isTrue();
        assertThat(second.destroyed).isFalse();
    }

    @Test
    void anIdleServletIsDestroyedAtOnceAndCloseStopsServing() throws Exception {
        ContainerSwitch containers = new ContainerSwitch();
        FakeServlet first = new FakeServlet();
        FakeServlet second = new FakeServlet();
        containers.install(first);
        containers.install(second);
        assertThat(first.destroyed).isTrue();

        containers.close();
        assertThat(second.destroyed).isTrue();
        assertThat(containers.service(null, null)).isFalse();
    }

    @Test
    void manyConcurrentRequestsDuringSwapsNeverReachADestroyedServlet() throws Exception {
        ContainerSwitch containers = new ContainerSwitch();
        containers.install(new FakeServlet());
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        Thread[] clients = new Thread[4];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = new Thread(() -> {
                for (int n = 0; n < 20_000; n++) {
                    try {
                        if (containers.service(null, null)) {
                            served.incrementAndGet();
                        }
                    } catch (Exception | Error e) {
                        failures.incrementAndGet();
                    }
                }
            });
            clients[i].start();
        }
        for (int swap = 0; swap < 2_000; swap++) {
            containers.install(new FakeServlet());
        }
        for (Thread client : clients) {
            client.join();
        }
        assertThat(failures).hasValue(0);
        assertThat(served).hasValue(80_000);
    }
}
