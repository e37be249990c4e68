package org.emon.source.gpio.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the GPIO chip of the Raspberry Pi's 40-pin header by its label, so that a BCM number as
 * printed on the header is a line offset on it: {@code pinctrl-rp1} on a Pi 5 (the RP1 chip, whose
 * number changed between kernels), {@code pinctrl-bcm2711} on a Pi 4, {@code pinctrl-bcm2835} on
 * earlier ones.
 */
final class ChipFinder {

    /** Header chips' labels, the Pi 5's first: a Pi 5 also has other chips, none of these. */
    static final List<String> HEADER_LABELS = List.of("pinctrl-rp1", "pinctrl-bcm2711", "pinctrl-bcm2835");

    /** A GPIO chip: its device, its label and how many lines it has. */
    record Chip(String device, String label, int lines) {
    }

    /** Reads a chip's label and line count from its device. */
    @FunctionalInterface
    interface ChipReader {
        Chip read(Path device) throws IOException;
    }

    /** The header's line for a BCM pin. */
    record Line(Chip chip, int offset) {
    }

    private final Path dev;
    private final ChipReader reader;

    ChipFinder(Path dev, ChipReader reader) {
        this.dev = dev;
        this.reader = reader;
    }

    /**
     * @throws GpioUnavailableException if there is no GPIO chip, or none of a Raspberry Pi header
     * @throws IllegalStateException    if the header's chip has no line {@code pin}
     */
    Line find(int pin) throws GpioUnavailableException {
        List<Path> devices = devices();
        if (devices.isEmpty()) {
            throw new GpioUnavailableException("no " + dev.resolve("gpiochip*") + " device (not a Raspberry Pi, or a kernel without the GPIO character device)", null);
        }
        List<Chip> chips = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        for (Path device : devices) {
            try {
                chips.add(reader.read(device));
            } catch (IOException e) {
                unread.add(device + " (" + e.getMessage() + ")");
            }
        }
        Chip header = chips.stream()
                .filter(chip -> HEADER_LABELS.contains(chip.label()))
                .min(Comparator.comparingInt(chip -> HEADER_LABELS.indexOf(chip.label())))
                .orElseThrow(() -> new GpioUnavailableException("no GPIO chip labelled " + String.join(", ", HEADER_LABELS)
                        + " (a Raspberry Pi's header); found " + describe(chips, unread), null));
        if (pin >= header.lines()) {
            throw new IllegalStateException("BCM " + pin + " is missing: " + header.device() + " (" + header.label() + ") has lines 0 to " + (header.lines() - 1));
        }
        return new Line(header, pin);
    }

    private static String describe(List<Chip> chips, List<String> unread) {
        List<String> found = new ArrayList<>();
        chips.forEach(chip -> found.add(chip.device() + " '" + chip.label() + "'"));
        unread.forEach(device -> found.add("unreadable " + device));
        return String.join(", ", found);
    }

    private List<Path> devices() {
        List<Path> devices = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dev, "gpiochip[0-9]*")) {
            entries.forEach(devices::add);
        } catch (IOException e) {
            // no such folder: no chip
        }
        devices.sort(Comparator.comparingInt(ChipFinder::number));
        return devices;
    }

    private static int number(Path device) {
        try {
            return Integer.parseInt(device.getFileName().toString().substring("gpiochip".length()));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
