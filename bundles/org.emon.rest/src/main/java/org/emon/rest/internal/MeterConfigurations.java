package org.emon.rest.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The meters' factory configurations {@code org.emon.meter}, read and written through
 * ConfigurationAdmin. In Karaf a meter created here also gets its file
 * {@code etc/org.emon.meter-<id>.cfg}, as Karaf's own {@code config:edit} does: the file is what
 * survives a clean start and what the user edits. A changed configuration is written back to its
 * file by Karaf's file install; a removed one loses its file.
 */
final class MeterConfigurations {

    static final String FACTORY_PID = "org.emon.meter";
    /** The key by which Karaf's file install ties a configuration to its file (a file: URI). */
    static final String FILENAME = "felix.fileinstall.filename";
    /** Any bundle may receive it: the meters are the core bundle's, not this one's. */
    private static final String ANY_LOCATION = "?";

    private final ConfigurationAdmin admin;
    private final Path etc;

    /** @param etc Karaf's etc directory, or {@code null} to keep configurations in ConfigurationAdmin only */
    MeterConfigurations(ConfigurationAdmin admin, Path etc) {
        this.admin = admin;
        this.etc = etc;
    }

    /** Karaf's etc directory, if running in Karaf. */
    static Path karafEtc() {
        String etc = System.getProperty("karaf.etc");
        return etc == null ? null : Path.of(etc);
    }

    /**
     * The configurations that define meter {@code id}: normally one; none if the meter is not
     * configured (or is defined some other way); more if the user configured it twice.
     */
    List<Configuration> find(int id) throws IOException {
        Configuration[] all;
        try {
            all = admin.listConfigurations("(service.factoryPid=" + FACTORY_PID + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a constant filter
        }
        List<Configuration> found = new ArrayList<>();
        if (all != null) {
            for (Configuration configuration : all) {
                if (idOf(configuration.getProperties()) == id) {
                    found.add(configuration);
                }
            }
        }
        return found;
    }

    /** A configuration's meter id read as the meter component reads it ("21", 21, 21L), or -1. */
    private static int idOf(Dictionary<String, Object> properties) {
        Object id = properties == null ? null : properties.get(MeterSettings.ID);
        if (id == null) {
            return -1;
        }
        try {
            return id instanceof Number n ? n.intValue() : Integer.parseInt(id.toString().strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Creates the configuration of a new meter (and its file in Karaf). */
    void create(MeterSettings settings) throws IOException {
        Hashtable<String, Object> properties = settings.properties(null);
        if (etc == null) {
            admin.createFactoryConfiguration(FACTORY_PID, ANY_LOCATION).update(properties);
            return;
        }
        Path file = freeFile(settings.id());
        // written aside first: file install only reads *.cfg, and must not see the file before
        // the configuration that names it exists, or it would create a second one
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, fileText(settings), StandardCharsets.ISO_8859_1);
        Configuration configuration = null;
        try {
            properties.put(FILENAME, fileKey(file));
            configuration = admin.createFactoryConfiguration(FACTORY_PID, ANY_LOCATION);
            configuration.update(properties);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            if (configuration != null) {
                configuration.delete();
            }
            throw e;
        }
    }

    /** Replaces a meter's settings, keeping the configuration's other keys. */
    void update(Configuration configuration, MeterSettings settings) throws IOException {
        configuration.update(settings.properties(configuration.getProperties()));
    }

    /** Removes a configuration and its file, so the meter does not come back at the next start. */
    void delete(Configuration configuration) throws IOException {
        Dictionary<String, Object> properties = configuration.getProperties();
        Object file = properties == null ? null : properties.get(FILENAME);
        configuration.delete();
        if (file != null) {
            try {
                Path path = Path.of(URI.create(file.toString()));
                if (path.getFileName().toString().endsWith(".cfg")) {
                    Files.deleteIfExists(path); // file install may have removed it already
                }
            } catch (IllegalArgumentException | FileSystemNotFoundException e) {
                // not a file URI: nothing to remove
            }
        }
    }

    /** {@code org.emon.meter-22.cfg}, or {@code org.emon.meter-22-2.cfg} if that is taken. */
    private Path freeFile(int id) throws IOException {
        for (int n = 1; n < 100; n++) {
            Path file = etc.resolve(FACTORY_PID + "-" + id + (n == 1 ? "" : "-" + n) + ".cfg");
            if (!Files.exists(file) && !Files.exists(file.resolveSibling(file.getFileName() + ".tmp"))) {
                return file;
            }
        }
        throw new IOException("no free file name for meter " + id + " in " + etc);
    }

    /** The key file install uses for a file: {@code File.toURI()}, which differs from {@code Path.toUri()}. */
    static String fileKey(Path file) {
        return file.toAbsolutePath().toFile().toURI().toString();
    }

    /** The configuration as a {@code .cfg} file (ISO-8859-1, other characters as \\uXXXX). */
    static String fileText(MeterSettings settings) {
        Hashtable<String, Object> properties = settings.properties(null);
        StringBuilder text = new StringBuilder("# Meter ").append(settings.id())
                .append(", created through the REST API (POST /api/v1/meters)\n");
        for (String key : new String[] { MeterSettings.ID, MeterSettings.DESCRIPTION, MeterSettings.LOCATION, MeterSettings.KIND,
                MeterSettings.IMPULSES, MeterSettings.CALORIFIC, MeterSettings.READING_VALUE, MeterSettings.READING_AT }) {
            Object value = properties.get(key);
            if (value != null) {
                text.append(key).append(" = ").append(escape(value.toString())).append('\n');
            }
        }
        return text.toString();
    }

    /** Escapes a value for a properties file; validated values hold no control characters. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == ' ' && i == 0) {
                out.append("\\ ");
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
