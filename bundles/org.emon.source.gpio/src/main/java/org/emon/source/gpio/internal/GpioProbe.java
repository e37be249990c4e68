package org.emon.source.gpio.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Why this machine cannot give Pi4J's gpiod plugin a GPIO, found before Pi4J is touched: on such
 * a machine Pi4J fails late (at the first input) and with messages that do not say why.
 */
final class GpioProbe {

    private GpioProbe() {
    }

    /** The reason, for this machine, if there is one. */
    static Optional<String> here() {
        return problem(Path.of("/dev"), System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                System.getProperty("pi4j.library.path"), System.getProperty("user.name", "?"),
                com.pi4j.boardinfo.util.BoardInfoHelper::runningOnRaspberryPi);
    }

    /**
     * @param libraryPath Pi4J's system property naming where its native libraries are, if set
     * @param raspberryPi whether Pi4J recognises the board (its gpiod plugin refuses others)
     */
    static Optional<String> problem(Path dev, String osName, String osArch, String libraryPath, String user, BooleanSupplier raspberryPi) {
        return problem(dev, osName, osArch, libraryPath, user, raspberryPi, chip -> Files.isReadable(chip) && Files.isWritable(chip));
    }

    /** @param usable whether this process may read and write a chip device (root may use any) */
    static Optional<String> problem(Path dev, String osName, String osArch, String libraryPath, String user, BooleanSupplier raspberryPi,
            Predicate<Path> usable) {
        if (!osName.toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.of("this is " + osName + "; emon reads GPIO through Linux's GPIO character device");
        }
        List<Path> chips = chips(dev);
        if (chips.isEmpty()) {
            return Optional.of("no " + dev.resolve("gpiochip*") + " device (not a Raspberry Pi, or a kernel without the GPIO character device)");
        }
        if (chips.stream().noneMatch(usable)) {
            return Optional.of("user " + user + " may not read and write " + chips.get(0)
                    + " (add the user that runs emon to the group that owns it, usually gpio)");
        }
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("arm") || arch.equals("armhf") || arch.equals("aarch64") || arch.equals("arm64");
        if (!arm && (libraryPath == null || libraryPath.isBlank())) {
            return Optional.of("Pi4J's gpiod plugin brings native code for ARM only, and this machine is " + osArch);
        }
        if (!raspberryPi.getAsBoolean()) {
            return Optional.of("Pi4J does not recognise this board as a Raspberry Pi, and its gpiod plugin refuses other boards");
        }
        return Optional.empty();
    }

    private static List<Path> chips(Path dev) {
        List<Path> chips = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dev, "gpiochip*")) {
            entries.forEach(chips::add);
        } catch (IOException e) {
            // no /dev to list: no chip
        }
        chips.sort(null);
        return chips;
    }
}
