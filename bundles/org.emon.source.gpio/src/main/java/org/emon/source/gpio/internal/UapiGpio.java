package org.emon.source.gpio.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;

import org.emon.source.gpio.internal.GpioSettings.Pull;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;

/**
 * GPIO inputs through the kernel's GPIO character device, uAPI v2, called directly (JNA): every
 * edge carries the kernel's timestamp and sequence number, so a pulse is timed when the line
 * changed (not when Java saw it) and an edge the kernel could not buffer is counted as lost.
 * Works on kernels without uAPI v1, which Pi4J 2.8's libgpiod needs.
 */
@Component(service = GpioInputs.class, property = "emon.gpio.backend=uapi2")
public final class UapiGpio implements GpioInputs {

    static final String NAME = "uapi2";

    /** A debounce at least this long is left to the kernel: a bouncing contact, whose chatter then never reaches emon. */
    static final long KERNEL_DEBOUNCE_FROM_NANOS = 5_000_000;
    /** The most edges the kernel buffers for a line (it caps the request there); its default is 16. */
    static final int EVENT_BUFFER_SIZE = 1024;
    private static final int EVENTS_PER_READ = 64;
    /** How often the reading thread looks whether it should stop. */
    private static final int POLL_MILLIS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(UapiGpio.class);

    private final Path dev;
    private final PinOwners owners = new PinOwners();

    public UapiGpio() {
        this(Path.of("/dev"));
    }

    UapiGpio(Path dev) {
        this.dev = dev;
    }

    @Override
    public synchronized Input open(int pin, Pull pull, long debounceNanos, String owner) throws GpioUnavailableException {
        owners.checkFree(pin);
        LinuxCalls c = calls();
        ChipFinder.Line line = new ChipFinder(dev, device -> chipInfo(c, device)).find(pin);
        long kernelDebounce = debounceNanos >= KERNEL_DEBOUNCE_FROM_NANOS ? debounceNanos : 0;
        int fd = requestLine(c, line, pull, kernelDebounce);
        return adopt(c, pin, fd, kernelDebounce, line.chip().device() + " (" + line.chip().label() + ") line " + line.offset(), owner);
    }

    /** An input on a line's file descriptor that the kernel granted: this input closes it. */
    synchronized Input adopt(LinuxCalls c, int pin, int fd, long kernelDebounceNanos, String line, String owner) {
        owners.take(pin, owner);
        return new UapiInput(c, pin, fd, kernelDebounceNanos, line);
    }

    private static LinuxCalls calls() throws GpioUnavailableException {
        try {
            return LinuxCalls.Holder.C;
        } catch (LinkageError e) {
            throw new GpioUnavailableException("JNA cannot call the C library here: " + Pi4jGpio.describe(e), e);
        }
    }

    private static ChipFinder.Chip chipInfo(LinuxCalls c, Path device) throws IOException {
        int fd = openChip(c, device);
        try {
            ByteBuffer info = GpioAbi.buffer(GpioAbi.CHIPINFO_SIZE);
            c.ioctl(fd, new NativeLong(GpioAbi.GPIO_GET_CHIPINFO_IOCTL), info.array());
            return GpioAbi.chipInfo(device.toString(), info);
        } catch (LastErrorException e) {
            throw new IOException(errno(e), e);
        } finally {
            c.close(fd);
        }
    }

    private static int openChip(LinuxCalls c, Path device) throws IOException {
        try {
            return c.open(device.toString(), LinuxCalls.O_RDWR | LinuxCalls.O_CLOEXEC);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LinuxCalls.EACCES || e.getErrorCode() == LinuxCalls.EPERM) {
                throw new IOException("user " + System.getProperty("user.name", "?") + " may not read and write it"
                        + " (add the user that runs emon to the group that owns it, usually gpio)", e);
            }
            throw new IOException(errno(e), e);
        }
    }

    private static int requestLine(LinuxCalls c, ChipFinder.Line line, Pull pull, long kernelDebounceNanos) {
        long flags = GpioAbi.FLAG_INPUT | GpioAbi.FLAG_EDGE_RISING | GpioAbi.FLAG_EDGE_FALLING | switch (pull) {
            case UP -> GpioAbi.FLAG_BIAS_PULL_UP;
            case DOWN -> GpioAbi.FLAG_BIAS_PULL_DOWN;
            case OFF -> GpioAbi.FLAG_BIAS_DISABLED;
        };
        ByteBuffer request = GpioAbi.lineRequest(line.offset(), "emon", flags, (int) (kernelDebounceNanos / 1000), EVENT_BUFFER_SIZE);
        String where = "BCM " + line.offset() + " (" + line.chip().device() + " " + line.chip().label() + " line " + line.offset() + ")";
        int chip;
        try {
            chip = openChip(c, Path.of(line.chip().device()));
        } catch (IOException e) {
            throw new IllegalStateException(where + " could not be opened: " + e.getMessage(), e);
        }
        try {
            c.ioctl(chip, new NativeLong(GpioAbi.GPIO_V2_GET_LINE_IOCTL), request.array());
            return GpioAbi.requestFd(request);
        } catch (LastErrorException e) {
            throw new IllegalStateException(refusal(where, e.getErrorCode()), e);
        } finally {
            c.close(chip);
        }
    }

    /** Why the kernel refused a line, in a user's words. */
    static String refusal(String where, int errno) {
        return switch (errno) {
            case LinuxCalls.EBUSY -> where + " is taken by another process or driver (the kernel says busy; gpioinfo shows its user)";
            case LinuxCalls.EINVAL -> where + " was refused by the kernel (invalid argument: a kernel without GPIO uAPI v2, or a setting this chip lacks)";
            default -> where + " could not be opened: errno " + errno;
        };
    }

    private static String errno(LastErrorException e) {
        return "errno " + e.getErrorCode();
    }

    private synchronized void release(int pin) {
        owners.release(pin);
    }

    private final class UapiInput implements Input {

        private final LinuxCalls c;
        private final int pin;
        private final int fd;
        private final long kernelDebounceNanos;
        private final String line;
        private final LineEvents events;
        private volatile LevelListener listener;
        private volatile boolean stopping;
        private volatile String failure;
        private Thread reader;
        private boolean closed;

        UapiInput(LinuxCalls c, int pin, int fd, long kernelDebounceNanos, String line) {
            this.c = c;
            this.pin = pin;
            this.fd = fd;
            this.kernelDebounceNanos = kernelDebounceNanos;
            this.line = line;
            this.events = new LineEvents(this::edge, kernelDebounceNanos);
        }

        private void edge(boolean high, long nanoTime, long epochMillis) {
            LevelListener levels = listener;
            if (levels != null) {
                levels.changed(high, nanoTime, epochMillis);
            }
        }

        @Override
        public String backend() {
            return NAME;
        }

        @Override
        public long debouncedNanos() {
            return kernelDebounceNanos;
        }

        @Override
        public long lostEdges() {
            return events.lost();
        }

        /** The debounce's timer is the reading thread, which knows when the kernel holds no edge. */
        @Override
        public Debouncer.Timer timer(Debouncer.Timer own) {
            return events;
        }

        @Override
        public Boolean level() {
            try {
                ByteBuffer values = GpioAbi.valuesRequest();
                c.ioctl(fd, new NativeLong(GpioAbi.GPIO_V2_LINE_GET_VALUES_IOCTL), values.array());
                return GpioAbi.firstValue(values);
            } catch (LastErrorException e) {
                return null;
            }
        }

        @Override
        public synchronized void listen(LevelListener levels) {
            if (reader != null || closed) {
                throw new IllegalStateException("BCM " + pin + " has a listener already, or is closed");
            }
            listener = levels;
            reader = new Thread(this::readLoop, "emon-gpio-uapi2-bcm" + pin);
            reader.setDaemon(true);
            reader.start();
        }

        private void readLoop() {
            byte[] pollfd = new byte[8];
            ByteBuffer poll = GpioAbi.buffer(8).putInt(0, fd).putShort(4, LinuxCalls.POLLIN);
            ByteBuffer buffer = GpioAbi.buffer(GpioAbi.LINE_EVENT_SIZE * EVENTS_PER_READ);
            NativeLong size = new NativeLong(buffer.capacity());
            while (!stopping) {
                try {
                    poll.get(0, pollfd);
                    long before = System.nanoTime();
                    int wait = events.waitMillis(before, POLL_MILLIS);
                    int ready = c.poll(pollfd, new NativeLong(1), wait);
                    if (stopping) {
                        break;
                    }
                    if (ready == 0) {
                        // a timeout: no edge came for at least the time waited
                        events.quiet(before + wait * 1_000_000L);
                        continue;
                    }
                    int length = c.read(fd, buffer.array(), size).intValue();
                    if (length == 0) {
                        stopped("the line was closed", null);
                        return;
                    }
                    events.read(buffer, length, wallMinusMonotonicNanos());
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != LinuxCalls.EINTR) {
                        stopped("errno " + e.getErrorCode(), e);
                        return;
                    }
                } catch (RuntimeException e) {
                    stopped(Pi4jGpio.describe(e), e);
                    return;
                }
            }
        }

        private void stopped(String reason, Exception e) {
            failure = "reading " + line + " stopped: " + reason;
            LOG.error("BCM {}: {}", pin, failure, e);
        }

        @Override
        public String failure() {
            return failure;
        }

        @Override
        public void close() {
            Thread running;
            synchronized (this) {
                if (closed) {
                    return; // the pin may already serve another source
                }
                closed = true;
                stopping = true;
                running = reader;
            }
            if (running != null) {
                try {
                    running.join(2L * POLL_MILLIS + 1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // closed only once the reader is out of read(), so that the number is not reused under it
            c.close(fd);
            release(pin);
        }
    }

    /**
     * The wall clock minus the monotonic clock (which the kernel stamps edges with, as
     * System.nanoTime reads it on Linux). The wall clock is read between two monotonic readings
     * and set against their middle; of a few tries the closest pair wins, so a thread preempted
     * between the readings (a busy or emulated machine) does not shift the pulses' times.
     */
    static long wallMinusMonotonicNanos() {
        long best = 0;
        long narrowest = Long.MAX_VALUE;
        for (int i = 0; i < 5 && narrowest > 20_000; i++) {
            long before = System.nanoTime();
            Instant now = Instant.now();
            long after = System.nanoTime();
            if (after - before < narrowest) {
                narrowest = after - before;
                best = now.getEpochSecond() * 1_000_000_000L + now.getNano() - (before + (after - before) / 2);
            }
        }
        return best;
    }
}
