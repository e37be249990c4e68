package org.emon.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.emon.api.store.ImportProgress;
import org.emon.api.store.ImportResult;
import org.emon.api.store.StoreFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code emon:import} and {@code emon:backup} without Karaf: checks, messages, and the calls they make. */
class FileCommandsTest {

    @TempDir
    Path dir;

    private static StoreFiles store(InvocationHandler handler) {
        return (StoreFiles) Proxy.newProxyInstance(FileCommandsTest.class.getClassLoader(), new Class<?>[] { StoreFiles.class }, handler);
    }

    @Test
    void importsWithProgressAndASummary() throws IOException {
        Path original = Files.writeString(dir.resolve("emon.db"), "x");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StoreFiles store = store((proxy, method, args) -> {
            assertThat(method.getName()).isEqualTo("importOriginal");
            assertThat(args[0]).isEqualTo(original);
            ImportProgress progress = (ImportProgress) args[1];
            progress.progress(50, 100);
            progress.progress(100, 100);
            return new ImportResult(3, 1200, 7);
        });
        String summary = ImportCommand.run(store, original.toString(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(summary).isEqualTo("3 meters, 1200 pulses imported, 7 duplicates skipped");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Importing:  50% (50 of 100 rows)").contains("100%");
        assertThat(ImportCommand.summary(new ImportResult(1, 0, 1200))).isEqualTo("1 meter, 0 pulses imported, 1200 duplicates skipped");
    }

    @Test
    void importRefusesAMissingOrInvalidFileInOneLine() throws IOException {
        StoreFiles notCalled = store((proxy, method, args) -> {
            throw new AssertionError("store called");
        });
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ImportCommand.run(notCalled, dir.resolve("nope.db").toString(), out))
                .isInstanceOf(CommandFailure.class).hasMessage("no such file: " + dir.resolve("nope.db"));
        assertThatThrownBy(() -> ImportCommand.run(notCalled, dir.toString(), out))
                .isInstanceOf(CommandFailure.class).hasMessage("not a file: " + dir);
        assertThatThrownBy(() -> ImportCommand.run(notCalled, "bad\0path", out))
                .isInstanceOf(CommandFailure.class).hasMessageStartingWith("not a valid path");

        Path text = Files.writeString(dir.resolve("notes.txt"), "not a database");
        StoreFiles refusing = store((proxy, method, args) -> {
            throw new IOException("file is not a database");
        });
        assertThatThrownBy(() -> ImportCommand.run(refusing, text.toString(), out))
                .isInstanceOf(CommandFailure.class).hasMessage("cannot import " + text + ": file is not a database")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void backsUpToANewFileAndTellsItsSize() {
        Path target = dir.resolve("backup.db");
        StoreFiles store = store((proxy, method, args) -> {
            assertThat(method.getName()).isEqualTo("backup");
            Files.write((Path) args[0], new byte[12_345]);
            return null;
        });
        assertThat(BackupCommand.run(store, target.toString())).isEqualTo("Backed up to " + target + " (12.3 kB, 12345 bytes)");
    }

    @Test
    void backupRefusesAnExistingFileOrMissingDirectory() throws IOException {
        StoreFiles notCalled = store((proxy, method, args) -> {
            throw new AssertionError("store called");
        });
        Path existing = Files.writeString(dir.resolve("old.db"), "earlier backup");
        assertThatThrownBy(() -> BackupCommand.run(notCalled, existing.toString()))
                .isInstanceOf(CommandFailure.class).hasMessage(existing + " exists: choose a new file name");
        assertThat(Files.readString(existing)).isEqualTo("earlier backup");
        assertThatThrownBy(() -> BackupCommand.run(notCalled, dir.resolve("no/such/dir/b.db").toString()))
                .isInstanceOf(CommandFailure.class).hasMessage("no such directory: " + dir.resolve("no/such/dir"));

        StoreFiles failing = store((proxy, method, args) -> {
            throw new IOException("disk full");
        });
        assertThatThrownBy(() -> BackupCommand.run(failing, dir.resolve("new.db").toString()))
                .isInstanceOf(CommandFailure.class).hasMessage("backup to " + dir.resolve("new.db") + " failed: disk full");
    }

    @Test
    void formatsSizes() {
        assertThat(BackupCommand.formatSize(999)).isEqualTo("999 bytes");
        assertThat(BackupCommand.formatSize(56_274_906)).isEqualTo("56.3 MB, 56274906 bytes");
    }
}
