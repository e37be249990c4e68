package org.emon.source.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpioProbeTest {

    @TempDir
    Path dev;

    @Test
    void noGpioChipDevice() {
        assertThat(GpioProbe.problem(dev, "Linux", "aarch64", null, "emon", () -> true))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("no " + dev.resolve("gpiochip*") + " device"));
    }

    @Test
    void notLinux() {
        assertThat(GpioProbe.problem(dev, "Windows 11", "amd64", null, "emon", () -> true))
                .hasValueSatisfying(reason -> assertThat(reason).contains("Windows 11").contains("Linux"));
    }

    @Test
    void gpioChipsOnAnotherArchitecture() throws IOException {
        Files.createFile(dev.resolve("gpiochip0"));
        assertThat(GpioProbe.problem(dev, "Linux", "amd64", null, "emon", () -> false))
                .hasValue("Pi4J's gpiod plugin brings native code for ARM only, and this machine is amd64");
        // with Pi4J's library path set, the user brings the native code: the board check decides
        assertThat(GpioProbe.problem(dev, "Linux", "amd64", "/opt/pi4j", "emon", () -> false))
                .hasValueSatisfying(reason -> assertThat(reason).contains("does not recognise this board"));
    }

    @Test
    void anotherArmBoard() throws IOException {
        Files.createFile(dev.resolve("gpiochip0"));
        assertThat(GpioProbe.problem(dev, "Linux", "aarch64", null, "emon", () -> false))
                .hasValueSatisfying(reason -> assertThat(reason).contains("does not recognise this board as a Raspberry Pi"));
    }

    @Test
    void aChipTheUserMayNotUse() throws IOException {
        // the access check is the file system's (root may use any file, so the test decides it)
        Path chip = Files.createFile(dev.resolve("gpiochip0"));
        assertThat(GpioProbe.problem(dev, "Linux", "aarch64", null, "karaf", () -> true, path -> false))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("user karaf may not read and write " + chip).contains("gpio"));
    }

    @Test
    void aRaspberryPi() throws IOException {
        Files.createFile(dev.resolve("gpiochip0"));
        Files.createFile(dev.resolve("gpiochip1"));
        assertThat(GpioProbe.problem(dev, "Linux", "aarch64", null, "emon", () -> true)).isEmpty();
        assertThat(GpioProbe.problem(dev, "Linux", "arm", null, "emon", () -> true)).isEmpty();
    }
}
