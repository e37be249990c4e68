package org.emon.source.example.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.emon.api.Pulse;
import org.emon.api.PulseSink;
import org.emon.api.SourceStatus;
import org.junit.jupiter.api.Test;

class UdpPulseSourceTest {

    private static UdpSourceConfig config(int meterId) {
        return new UdpSourceConfig() {
            public Class<? extends Annotation> annotationType() { return UdpSourceConfig.class; }
            public int meter_id() { return meterId; }
            public int port() { return 0; }
            public String bind_address() { return "127.0.0.1"; }
        };
    }

    @Test
    void eachDatagramIsOnePulseTimedOnArrivalOrByItsPayload() throws Exception {
        List<Pulse> received = new CopyOnWriteArrayList<>();
        PulseSink sink = (meter, timestamp) -> received.add(new Pulse(meter, timestamp));
        UdpPulseSource source = new UdpPulseSource(sink, config(21));
        try (DatagramSocket client = new DatagramSocket()) {
            long before = System.currentTimeMillis();
            send(client, source.port(), "");
            send(client, source.port(), "1795467804661");
            send(client, source.port(), "not a number");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((received.size() < 2 || source.malformed() < 1) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(received).hasSize(2);
            assertThat(received.get(0).meterId()).isEqualTo(21);
            assertThat(received.get(0).timestampMillis()).isBetween(before, System.currentTimeMillis());
            assertThat(received.get(1)).isEqualTo(new Pulse(21, 1795467804661L));
            assertThat(source.malformed()).isEqualTo(1);
            SourceStatus status = source.status();
            assertThat(status.state()).isEqualTo(SourceStatus.State.RUNNING);
            assertThat(status.pulsesDelivered()).isEqualTo(2);
            assertThat(status.detail()).contains("ignored");
        } finally {
            source.stop();
        }
        assertThat(source.status().state()).isEqualTo(SourceStatus.State.FAILED);
    }

    @Test
    void pulsesOfAnUnconfiguredMeterAreReportedAsRefusedAndASinkFailureKeepsItListening() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        PulseSink sink = (meter, timestamp) -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("store closed");
            }
            return calls.get() > 2;
        };
        UdpPulseSource source = new UdpPulseSource(sink, config(99));
        try (DatagramSocket client = new DatagramSocket()) {
            send(client, source.port(), "1795467804661");
            awaitCalls(calls, 1);
            awaitState(source, SourceStatus.State.WAITING);
            assertThat(source.status().detail()).contains("meter 99").contains("refused");

            send(client, source.port(), "1795467804662");
            awaitCalls(calls, 2);
            awaitState(source, SourceStatus.State.FAILED);
            assertThat(source.status().detail()).contains("store closed");

            send(client, source.port(), "1795467804663");
            awaitCalls(calls, 3);
            awaitState(source, SourceStatus.State.RUNNING);
            assertThat(source.status().pulsesDelivered()).isEqualTo(1);
            assertThat(source.status().lastPulseMillis()).isEqualTo(1795467804663L);
        } finally {
            source.stop();
        }
    }

    private static void awaitCalls(AtomicInteger calls, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (calls.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(calls.get()).isEqualTo(count);
    }

    /** The state is set just after the sink returns: wait for it rather than race the receiver. */
    private static void awaitState(UdpPulseSource source, SourceStatus.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (source.status().state() != state && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(source.status().state()).isEqualTo(state);
    }

    private static void send(DatagramSocket client, int port, String payload) throws Exception {
        byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
        client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }
}
