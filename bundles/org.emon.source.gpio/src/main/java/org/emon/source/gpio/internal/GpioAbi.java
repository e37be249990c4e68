package org.emon.source.gpio.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The kernel's GPIO character device ABI that emon uses (include/uapi/linux/gpio.h): the ioctl
 * numbers and the byte layouts of the structures, written and read in the machine's byte order.
 * Kept apart from the native calls so that the layouts are checked without a kernel.
 */
final class GpioAbi {

    /** {@code _IOR(0xB4, 0x01, struct gpiochip_info)}. */
    static final long GPIO_GET_CHIPINFO_IOCTL = 0x8044B401L;
    /** {@code _IOWR(0xB4, 0x07, struct gpio_v2_line_request)}. */
    static final long GPIO_V2_GET_LINE_IOCTL = 0xC250B407L;
    /** {@code _IOWR(0xB4, 0x0E, struct gpio_v2_line_values)}. */
    static final long GPIO_V2_LINE_GET_VALUES_IOCTL = 0xC010B40EL;

    static final int CHIPINFO_SIZE = 68;
    static final int LINE_REQUEST_SIZE = 592;
    static final int LINE_VALUES_SIZE = 16;
    static final int LINE_EVENT_SIZE = 48;

    static final long FLAG_INPUT = 1L << 2;
    static final long FLAG_EDGE_RISING = 1L << 4;
    static final long FLAG_EDGE_FALLING = 1L << 5;
    static final long FLAG_BIAS_PULL_UP = 1L << 8;
    static final long FLAG_BIAS_PULL_DOWN = 1L << 9;
    static final long FLAG_BIAS_DISABLED = 1L << 10;

    static final int ATTR_ID_DEBOUNCE = 3;
    static final int EVENT_RISING_EDGE = 1;
    static final int EVENT_FALLING_EDGE = 2;

    // offsets in struct gpio_v2_line_request
    private static final int CONSUMER = 256;
    private static final int NAME_SIZE = 32;
    private static final int CONFIG_FLAGS = 288;
    private static final int CONFIG_NUM_ATTRS = 296;
    private static final int CONFIG_ATTRS = 320;
    private static final int NUM_LINES = 560;
    private static final int EVENT_BUFFER_SIZE = 564;
    private static final int FD = 588;

    private GpioAbi() {
    }

    static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }

    /**
     * A {@code struct gpio_v2_line_request} for one input line with edge detection on both edges.
     *
     * @param debounceMicros the kernel's debounce period, or 0 for none
     */
    static ByteBuffer lineRequest(int offset, String consumer, long flags, int debounceMicros, int eventBufferSize) {
        ByteBuffer request = buffer(LINE_REQUEST_SIZE);
        request.putInt(0, offset);
        byte[] name = consumer.getBytes(StandardCharsets.US_ASCII);
        request.put(CONSUMER, name, 0, Math.min(name.length, NAME_SIZE - 1));
        request.putLong(CONFIG_FLAGS, flags);
        if (debounceMicros > 0) {
            // one gpio_v2_line_config_attribute: {attr {id, padding, debounce_period_us}, mask}
            request.putInt(CONFIG_NUM_ATTRS, 1);
            request.putInt(CONFIG_ATTRS, ATTR_ID_DEBOUNCE);
            request.putInt(CONFIG_ATTRS + 8, debounceMicros);
            request.putLong(CONFIG_ATTRS + 16, 1L); // applies to the first (only) line
        }
        request.putInt(NUM_LINES, 1);
        request.putInt(EVENT_BUFFER_SIZE, eventBufferSize);
        return request;
    }

    /** The line's file descriptor the kernel wrote into a granted request. */
    static int requestFd(ByteBuffer request) {
        return request.getInt(FD);
    }

    /** A {@code struct gpio_v2_line_values} asking for the first line. */
    static ByteBuffer valuesRequest() {
        ByteBuffer values = buffer(LINE_VALUES_SIZE);
        values.putLong(8, 1L);
        return values;
    }

    static boolean firstValue(ByteBuffer values) {
        return (values.getLong(0) & 1L) != 0;
    }

    /** The label and line count of a {@code struct gpiochip_info}. */
    static ChipFinder.Chip chipInfo(String device, ByteBuffer info) {
        return new ChipFinder.Chip(device, cString(info, NAME_SIZE, NAME_SIZE), info.getInt(2 * NAME_SIZE));
    }

    private static String cString(ByteBuffer buffer, int from, int size) {
        int end = from;
        while (end < from + size && buffer.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - from];
        buffer.get(from, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** One {@code struct gpio_v2_line_event}. */
    record LineEvent(long timestampNanos, int id, int offset, int seqno, int lineSeqno) {

        /** Reads the record that starts at {@code at}. */
        static LineEvent read(ByteBuffer events, int at) {
            return new LineEvent(events.getLong(at), events.getInt(at + 8), events.getInt(at + 12), events.getInt(at + 16), events.getInt(at + 20));
        }

        /** Writes it as the kernel does, e.g. to record an event stream. */
        void write(ByteBuffer events, int at) {
            events.putLong(at, timestampNanos).putInt(at + 8, id).putInt(at + 12, offset).putInt(at + 16, seqno).putInt(at + 20, lineSeqno);
        }
    }
}
