package org.emon.source.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.emon.source.gpio.internal.GpioAbi.LineEvent;
import org.junit.jupiter.api.Test;

/** The layouts against include/uapi/linux/gpio.h (offsets as the C compiler lays the structures out). */
class GpioAbiTest {

    /** {@code _IOC(dir, 0xB4, nr, size)} of asm-generic/ioctl.h, which x86-64 and arm64 share. */
    private static long ioc(int dir, int nr, int size) {
        return ((long) dir << 30) | ((long) size << 16) | (0xB4L << 8) | nr;
    }

    @Test
    void ioctlNumbersEncodeTheStructureSizes() {
        int read = 2;
        int readWrite = 3;
        assertThat(GpioAbi.GPIO_GET_CHIPINFO_IOCTL).isEqualTo(ioc(read, 0x01, GpioAbi.CHIPINFO_SIZE));
        assertThat(GpioAbi.GPIO_V2_GET_LINE_IOCTL).isEqualTo(ioc(readWrite, 0x07, GpioAbi.LINE_REQUEST_SIZE));
        assertThat(GpioAbi.GPIO_V2_LINE_GET_VALUES_IOCTL).isEqualTo(ioc(readWrite, 0x0E, GpioAbi.LINE_VALUES_SIZE));
    }

    @Test
    void aLineRequestWithTheKernelsDebounce() {
        long flags = GpioAbi.FLAG_INPUT | GpioAbi.FLAG_EDGE_RISING | GpioAbi.FLAG_EDGE_FALLING | GpioAbi.FLAG_BIAS_PULL_UP;
        ByteBuffer request = GpioAbi.lineRequest(17, "emon", flags, 30_000, 1024);
        assertThat(request.capacity()).isEqualTo(592);
        assertThat(request.getInt(0)).as("offsets[0]").isEqualTo(17);
        assertThat(request.getInt(4)).as("offsets[1]").isZero();
        byte[] consumer = new byte[32];
        request.get(256, consumer);
        assertThat(new String(consumer, StandardCharsets.US_ASCII)).startsWith("emon\0");
        assertThat(request.getLong(288)).as("config.flags").isEqualTo(0b1_0011_0100L);
        assertThat(request.getInt(296)).as("config.num_attrs").isEqualTo(1);
        assertThat(request.getInt(320)).as("attrs[0].attr.id").isEqualTo(3);
        assertThat(request.getInt(328)).as("attrs[0].attr.debounce_period_us").isEqualTo(30_000);
        assertThat(request.getLong(336)).as("attrs[0].mask").isEqualTo(1);
        assertThat(request.getInt(560)).as("num_lines").isEqualTo(1);
        assertThat(request.getInt(564)).as("event_buffer_size").isEqualTo(1024);
        request.putInt(588, 42); // as the kernel answers
        assertThat(GpioAbi.requestFd(request)).isEqualTo(42);
    }

    @Test
    void withoutDebounceThereIsNoAttribute() {
        ByteBuffer request = GpioAbi.lineRequest(4, "emon", GpioAbi.FLAG_INPUT, 0, 1024);
        assertThat(request.getInt(296)).isZero();
        assertThat(request.getInt(320)).isZero();
    }

    @Test
    void chipInfoAndValues() {
        ByteBuffer info = GpioAbi.buffer(GpioAbi.CHIPINFO_SIZE);
        info.put(0, "gpiochip0".getBytes(StandardCharsets.US_ASCII));
        info.put(32, "pinctrl-rp1".getBytes(StandardCharsets.US_ASCII));
        info.putInt(64, 54);
        assertThat(GpioAbi.chipInfo("/dev/gpiochip0", info)).isEqualTo(new ChipFinder.Chip("/dev/gpiochip0", "pinctrl-rp1", 54));

        ByteBuffer values = GpioAbi.valuesRequest();
        assertThat(values.getLong(8)).as("mask: the first line").isEqualTo(1);
        assertThat(GpioAbi.firstValue(values)).isFalse();
        values.putLong(0, 1);
        assertThat(GpioAbi.firstValue(values)).isTrue();
    }

    @Test
    void aLineEventRecord() {
        ByteBuffer record = GpioAbi.buffer(48);
        new LineEvent(123_456_789_012L, GpioAbi.EVENT_FALLING_EDGE, 4, 7, 9).write(record, 0);
        assertThat(record.getLong(0)).isEqualTo(123_456_789_012L);
        assertThat(record.getInt(8)).as("id").isEqualTo(2);
        assertThat(record.getInt(12)).as("offset").isEqualTo(4);
        assertThat(record.getInt(16)).as("seqno").isEqualTo(7);
        assertThat(record.getInt(20)).as("line_seqno").isEqualTo(9);
        assertThat(LineEvent.read(record, 0)).isEqualTo(new LineEvent(123_456_789_012L, 2, 4, 7, 9));
    }
}
