package org.emon.source.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The header's chip on fake machines: device files in a temp {@code dev/}, and each chip's label
 * and line count in a fake sysfs tree ({@code sys/bus/gpio/devices/gpiochipN/label, ngpio}),
 * standing in for what the kernel answers to GPIO_GET_CHIPINFO_IOCTL.
 */
class ChipFinderTest {

    @TempDir
    Path root;

    private Path dev() {
        return root.resolve("dev");
    }

    private void chip(int number, String label, int lines) throws IOException {
        Files.createDirectories(dev());
        Files.createFile(dev().resolve("gpiochip" + number));
        Path sys = Files.createDirectories(root.resolve("sys/bus/gpio/devices/gpiochip" + number));
        Files.writeString(sys.resolve("label"), label + "\n");
        Files.writeString(sys.resolve("ngpio"), lines + "\n");
    }

    private ChipFinder finder() {
        return new ChipFinder(dev(), device -> {
            Path sys = root.resolve("sys/bus/gpio/devices").resolve(device.getFileName());
            if (!Files.exists(sys)) {
                throw new IOException("errno 13");
            }
            return new ChipFinder.Chip(device.toString(), Files.readString(sys.resolve("label")).trim(),
                    Integer.parseInt(Files.readString(sys.resolve("ngpio")).trim()));
        });
    }

    @Test
    void aPi4() throws Exception {
        chip(0, "pinctrl-bcm2711", 58);
        chip(1, "raspberrypi-exp-gpio", 8);
        ChipFinder.Line line = finder().find(4);
        assertThat(line.chip()).isEqualTo(new ChipFinder.Chip(dev().resolve("gpiochip0").toString(), "pinctrl-bcm2711", 58));
        assertThat(line.offset()).isEqualTo(4);
        assertThat(finder().find(17).offset()).isEqualTo(17);
    }

    @Test
    void aPi3() throws Exception {
        chip(0, "pinctrl-bcm2835", 54);
        chip(1, "raspberrypi-exp-gpio", 8);
        assertThat(finder().find(17).chip().label()).isEqualTo("pinctrl-bcm2835");
    }

    @Test
    void aPi5WhoseHeaderIsTheRp1WhicheverNumberItHas() throws Exception {
        // kernels before 6.6.45 numbered the RP1 gpiochip4, later ones gpiochip0
        chip(0, "gpio-brcmstb@107d508500", 32);
        chip(1, "gpio-brcmstb@107d508500", 4);
        chip(4, "pinctrl-rp1", 54);
        chip(10, "gpio-brcmstb@107d517c00", 17);
        assertThat(finder().find(4).chip().device()).isEqualTo(dev().resolve("gpiochip4").toString());
    }

    @Test
    void aPi5OnANewerKernel() throws Exception {
        chip(0, "pinctrl-rp1", 54);
        chip(10, "gpio-brcmstb@107d508500", 32);
        chip(11, "gpio-brcmstb@107d517c00", 15);
        ChipFinder.Line line = finder().find(17);
        assertThat(line.chip().label()).isEqualTo("pinctrl-rp1");
        assertThat(line.chip().device()).isEqualTo(dev().resolve("gpiochip0").toString());
    }

    @Test
    void aPinBeyondTheChipsLinesIsMissing() throws Exception {
        chip(0, "pinctrl-bcm2711", 8); // a small simulated bank
        assertThatThrownBy(() -> finder().find(17)).isInstanceOf(IllegalStateException.class)
                .hasMessage("BCM 17 is missing: " + dev().resolve("gpiochip0") + " (pinctrl-bcm2711) has lines 0 to 7");
    }

    @Test
    void noChipAtAll() {
        assertThatThrownBy(() -> finder().find(4)).isInstanceOf(GpioUnavailableException.class)
                .hasMessage("no GPIO on this machine: no " + dev().resolve("gpiochip*") + " device (not a Raspberry Pi, or a kernel without the GPIO character device)");
    }

    @Test
    void chipsOfAnotherBoardAreNamed() throws Exception {
        chip(0, "gpio-mockup-A", 16);
        Files.createFile(dev().resolve("gpiochip2")); // a chip this user may not open
        assertThatThrownBy(() -> finder().find(4)).isInstanceOf(GpioUnavailableException.class)
                .hasMessageContaining("no GPIO chip labelled pinctrl-rp1, pinctrl-bcm2711, pinctrl-bcm2835")
                .hasMessageContaining(dev().resolve("gpiochip0") + " 'gpio-mockup-A'")
                .hasMessageContaining("unreadable " + dev().resolve("gpiochip2") + " (errno 13)");
    }
}
