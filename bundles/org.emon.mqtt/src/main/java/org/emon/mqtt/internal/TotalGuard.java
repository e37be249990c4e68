package org.emon.mqtt.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Home Assistant takes any drop of a total_increasing sensor as a meter reset and books the whole
 * total again: this lets a total through only if it is above zero and not below the highest one ever
 * published on its topic. The highest ones are kept in a file, written before a higher total goes
 * out, so that a restart does not forget them: a store restored from an older backup, or pulses
 * deleted, would otherwise be published as a drop. A lower total is held back until the store
 * catches up. Used from the publishing thread only; {@link #warning()} from any.
 */
final class TotalGuard {

    private static final Logger LOG = LoggerFactory.getLogger(TotalGuard.class);

    /** Where the highest totals are kept; null for memory only. */
    private final Path file;
    /** Topic to the highest total published (or about to be) and recorded. */
    private final Map<String, BigDecimal> highest = new HashMap<>();
    /** Topic to the store's total that is held back because it is lower. */
    private final Map<String, BigDecimal> held = new TreeMap<>();
    private String writeError;
    private volatile String warning;

    private TotalGuard(Path file) {
        this.file = file;
    }

    /** In memory only: forgets everything at a restart. */
    static TotalGuard inMemory() {
        return new TotalGuard(null);
    }

    /** With the highest totals of earlier runs from {@code file}, which need not exist yet. */
    static TotalGuard load(Path file) throws IOException {
        TotalGuard guard = new TotalGuard(file);
        if (Files.exists(file)) {
            Properties saved = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                saved.load(in);
            }
            for (String topic : saved.stringPropertyNames()) {
                try {
                    guard.highest.put(topic, new BigDecimal(saved.getProperty(topic).trim()));
                } catch (NumberFormatException e) {
                    LOG.warn("Ignoring {} = '{}' in {}: not a number", topic, saved.getProperty(topic), file);
                }
            }
        }
        return guard;
    }

    /**
     * Whether {@code value} may be published on {@code topic}: not if it is 0 (no pulses yet) or below
     * the highest published (then it is held back, said once in the log and in {@link #warning()}).
     * {@link #record} it before publishing.
     */
    boolean admit(String topic, BigDecimal value) {
        if (value.signum() <= 0) {
            return false;
        }
        BigDecimal before = highest.get(topic);
        if (before != null && value.compareTo(before) < 0) {
            if (held.put(topic, value) == null) {
                LOG.warn("Holding back {} = {}: {} was published before and Home Assistant would take a drop for a meter reset"
                        + " (a store restored from an older backup? pulses deleted? a reading corrected downwards?);"
                        + " publishing resumes when the total reaches it", topic, value.toPlainString(), before.toPlainString());
            }
            updateWarning();
            return false;
        }
        if (held.remove(topic) != null) {
            LOG.info("{} reached {} again: publishing it", topic, before.toPlainString());
            updateWarning();
        }
        return true;
    }

    /**
     * Remembers totals that {@link #admit} let through, before they are published: the file is
     * written (once for all of them) only if one is higher than the one recorded for its topic.
     * Topics not in {@code keep} (those of meters no longer configured) are left out of it.
     *
     * @return whether they may be published: false if the file could not be written (see {@link #warning()})
     */
    boolean record(Map<String, BigDecimal> totals, Set<String> keep) {
        boolean higher = false;
        for (Map.Entry<String, BigDecimal> total : totals.entrySet()) {
            BigDecimal before = highest.get(total.getKey());
            if (before == null || total.getValue().compareTo(before) > 0) {
                higher = true;
            }
        }
        if (!higher) {
            return true;
        }
        Map<String, BigDecimal> next = new HashMap<>(highest);
        next.keySet().retainAll(keep);
        totals.forEach((topic, value) -> next.merge(topic, value, BigDecimal::max));
        if (!save(next)) {
            return false;
        }
        highest.clear();
        highest.putAll(next);
        return true;
    }

    /** Forgets the totals of a removed meter: if it comes back, it starts afresh (Home Assistant has dropped its sensors). */
    void forget(Collection<String> topics) {
        boolean known = highest.keySet().removeAll(topics);
        held.keySet().removeAll(topics);
        if (known) {
            save(highest);
        }
        updateWarning();
    }

    /** What is held back and why, or null. */
    String warning() {
        return warning;
    }

    /** Written to a new file that replaces the old one, so that a crash leaves one or the other whole. */
    private boolean save(Map<String, BigDecimal> totals) {
        if (file == null) {
            return true;
        }
        Properties out = new Properties();
        totals.forEach((topic, value) -> out.setProperty(topic, value.toPlainString()));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE); Writer writer = Channels.newWriter(channel, StandardCharsets.UTF_8)) {
                out.store(writer, "The highest total emon published on each MQTT topic: it never publishes a lower one");
                writer.flush();
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            if (writeError == null) {
                LOG.error("Cannot record the published totals in {}: holding back higher totals until it can ({})", file, e.toString());
            }
            writeError = "cannot record the published totals in " + file + " (" + e.getMessage() + "): higher totals are held back";
            updateWarning();
            return false;
        }
        if (writeError != null) {
            LOG.info("Recording the published totals in {} works again", file);
            writeError = null;
            updateWarning();
        }
        return true;
    }

    /** The rename itself durable too (Linux); where a directory cannot be opened, the rename is all there is. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot sync directory {}", dir, e);
        }
    }

    private void updateWarning() {
        String text = held.entrySet().stream()
                .map(h -> h.getKey() + " stays at " + highest.get(h.getKey()).toPlainString() + " until the store's "
                        + h.getValue().toPlainString() + " reaches it")
                .collect(Collectors.joining("; "));
        if (writeError != null) {
            text = text.isEmpty() ? writeError : writeError + "; " + text;
        }
        warning = text.isEmpty() ? null : text;
    }
}
