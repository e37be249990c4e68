package org.emon.itests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built distribution unpacked into a folder and run as a real process (KillNineTest, the live
 * API suite): the helpers they share.
 */
final class UnpackedDistribution {

    private UnpackedDistribution() {
    }

    /** The distribution, unpacked afresh into {@code dir}; its home. */
    static Path unpack(Path dir) throws IOException, InterruptedException {
        Path archive = archive();
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        Files.createDirectories(dir);
        // tar keeps the scripts executable, which java.util.zip would not
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", dir.toString()).inheritIO().start();
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new AssertionError("tar xzf " + archive + " failed");
        }
        try (Stream<Path> top = Files.list(dir)) {
            return top.filter(p -> Files.isRegularFile(p.resolve("bin/karaf"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no bin/karaf in " + archive));
        }
    }

    /** The newest of the reactor's build and the installed artifact. */
    private static Path archive() throws IOException {
        String version = System.getProperty("emon.version", "0.1.0-SNAPSHOT");
        String name = "karaf-assembly-" + version + ".tar.gz";
        String repo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        List<Path> candidates = List.of(Path.of("../karaf-assembly/target", name), Path.of(repo, "org/emon/karaf-assembly", version, name));
        Path newest = null;
        for (Path p : candidates) {
            if (Files.isRegularFile(p) && (newest == null || Files.getLastModifiedTime(p).compareTo(Files.getLastModifiedTime(newest)) > 0)) {
                newest = p;
            }
        }
        if (newest == null) {
            throw new AssertionError("no distribution: build karaf-assembly first (looked at " + candidates + ")");
        }
        return newest.toAbsolutePath();
    }

    /** Sets {@code key = value} in a Karaf .cfg file (created if missing), replacing the key's line or adding one. */
    static void setProperty(Path cfg, String key, String value) throws IOException {
        List<String> lines = Files.exists(cfg) ? new ArrayList<>(Files.readAllLines(cfg, StandardCharsets.UTF_8)) : new ArrayList<>();
        Pattern line = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:].*");
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            if (line.matcher(lines.get(i)).matches()) {
                lines.set(i, key + " = " + value);
                found = true;
            }
        }
        if (!found) {
            lines.add(key + " = " + value);
        }
        Files.write(cfg, lines, StandardCharsets.UTF_8);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
