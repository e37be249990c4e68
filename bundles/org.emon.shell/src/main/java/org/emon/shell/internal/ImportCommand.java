package org.emon.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.emon.api.store.ImportResult;
import org.emon.api.store.StoreFiles;

/** {@code emon:import <path>}: the meters and pulses of an original emon-server database. */
@Service
@Command(scope = "emon", name = "import", description = "Imports the meters and pulses of an original emon-server database (emon.db); importing it again adds nothing")
public class ImportCommand implements Action {

    @Reference
    StoreFiles store;

    @Argument(index = 0, name = "path", description = "the original's emon.db", required = true)
    @Completion(FileCompleter.class)
    String path;

    @Override
    public Object execute() {
        System.out.println(run(store, path, System.out));
        return null;
    }

    /**
     * Imports with progress lines on {@code out}; the summary.
     *
     * @throws CommandFailure with a one-line explanation (Karaf prints it as the command's error)
     */
    static String run(StoreFiles store, String path, PrintStream out) {
        Path source = Paths.existingFile(path);
        ImportResult result;
        try {
            result = store.importOriginal(source, new ImportProgressPrinter(out, System::nanoTime));
        } catch (IOException e) {
            throw new CommandFailure("cannot import " + source + ": " + e.getMessage());
        }
        return summary(result);
    }

    static String summary(ImportResult result) {
        return result.meters() + (result.meters() == 1 ? " meter, " : " meters, ") + result.pulsesImported()
                + " pulses imported, " + result.duplicatesSkipped() + " duplicates skipped";
    }

    /** Path checks shared by the file commands; each failure one line naming the path. */
    static final class Paths {
        private Paths() {
        }

        static Path absolute(String path) {
            try {
                // absolute in every message: the console's working directory is not obvious
                return Path.of(path).toAbsolutePath().normalize();
            } catch (RuntimeException e) {
                throw new CommandFailure("not a valid path: " + path);
            }
        }

        static Path existingFile(String path) {
            Path file = absolute(path);
            if (!Files.exists(file)) {
                throw new CommandFailure("no such file: " + file);
            }
            if (!Files.isRegularFile(file)) {
                throw new CommandFailure("not a file: " + file);
            }
            if (!Files.isReadable(file)) {
                throw new CommandFailure("cannot read " + file + ": permission denied");
            }
            return file;
        }
    }
}
