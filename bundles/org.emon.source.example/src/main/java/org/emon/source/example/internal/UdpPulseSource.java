package org.emon.source.example.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.emon.api.PulseSink;
import org.emon.api.PulseSource;
import org.emon.api.SourceStatus;
import org.emon.api.SourceStatus.State;
import org.emon.api.source.SourceBookkeeping;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * An example pulse source that only knows {@code org.emon.api}: each UDP datagram is one pulse,
 * timed on arrival, or at the epoch milliseconds it carries as text (for a sender that buffers).
 * One factory configuration {@code org.emon.source.example-<name>} per meter.
 */
@Component(configurationPid = "org.emon.source.example", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = UdpSourceConfig.class, factory = true)
public final class UdpPulseSource implements PulseSource {

    private final SourceBookkeeping book;
    private final DatagramSocket socket;
    private final Thread receiver;
    private final AtomicLong malformed = new AtomicLong();

    @Activate
    public UdpPulseSource(@Reference PulseSink sink, UdpSourceConfig config) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(config.bind_address(), config.port()));
        this.book = new SourceBookkeeping(sink, config.meter_id(), State.RUNNING, "no pulse yet");
        this.receiver = new Thread(this::receive, "emon-udp-source-" + socket.getLocalPort());
        receiver.setDaemon(true);
        receiver.start();
    }

    private void receive() {
        byte[] buffer = new byte[64];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                socket.receive(packet);
                deliver(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII).trim());
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    book.running(e.toString());
                }
            } catch (RuntimeException e) {
                // the sink failed: the status says so, and the next datagram may get through
            }
        }
    }

    private void deliver(String payload) {
        long timestamp;
        if (payload.isEmpty()) {
            timestamp = System.currentTimeMillis();
        } else {
            try {
                timestamp = Long.parseLong(payload);
            } catch (NumberFormatException e) {
                malformed.incrementAndGet();
                book.running("ignored a datagram that is neither empty nor epoch milliseconds");
                return;
            }
        }
        book.deliver(timestamp);
    }

    /** The port it listens on (useful when configured as 0: any free port). */
    int port() {
        return socket.getLocalPort();
    }

    long malformed() {
        return malformed.get();
    }

    @Deactivate
    void stop() throws InterruptedException {
        socket.close();
        book.failed("stopped");
        receiver.join(1000);
    }

    @Override
    public int meterId() {
        return book.meterId();
    }

    @Override
    public String name() {
        return "udp :" + socket.getLocalPort();
    }

    @Override
    public SourceStatus status() {
        return book.status();
    }
}
