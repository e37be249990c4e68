package org.emon.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.emon.api.store.StoreFiles;

/** {@code emon:backup <file>}: a consistent copy of the database, taken while pulses keep being stored. */
@Service
@Command(scope = "emon", name = "backup", description = "Writes a consistent copy of the database to a new file while emon keeps storing pulses")
public class BackupCommand implements Action {

    @Reference
    StoreFiles store;

    @Argument(index = 0, name = "file", description = "the new file (never overwritten)", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Override
    public Object execute() {
        System.out.println(run(store, file));
        return null;
    }

    /**
     * Backs up to {@code file}; what was written.
     *
     * @throws CommandFailure with a one-line explanation
     */
    static String run(StoreFiles store, String file) {
        Path target = ImportCommand.Paths.absolute(file);
        // checked here too, for a clear message: a backup must never replace an earlier one
        if (Files.exists(target)) {
            throw new CommandFailure(target + " exists: choose a new file name");
        }
        Path parent = target.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new CommandFailure("no such directory: " + parent);
        }
        try {
            store.backup(target);
            return "Backed up to " + target + " (" + formatSize(Files.size(target)) + ")";
        } catch (IOException e) {
            throw new CommandFailure("backup to " + target + " failed: " + e.getMessage());
        }
    }

    static String formatSize(long bytes) {
        if (bytes < 1000) {
            return bytes + " bytes";
        }
        String[] units = { "kB", "MB", "GB", "TB" };
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s, %d bytes", value, units[unit], bytes);
    }
}
