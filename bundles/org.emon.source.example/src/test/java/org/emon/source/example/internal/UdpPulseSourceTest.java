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

    private static void send(DatagramSocket client, int port, String payload) throws Exception {
        byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
        client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }
}
