package org.emon.api.store;

import java.io.IOException;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Administration of a store kept in a local database file (SQLite): a backup to another file, and
 * the import of an original emon-server database file. A store in a database server does not
 * offer it; {@code emon:backup} and {@code emon:import} are then not available.
 */
@ProviderType
public interface StoreFiles {

    /**
     * Writes a consistent copy of the database to {@code target} while pulses keep being stored.
     *
     * @throws IOException if {@code target} exists or cannot be written
     */
    void backup(Path target) throws IOException;

    /**
     * Imports the meters and pulses of an original emon-server database ({@code meter} and
     * {@code measurement} tables, whole-second epochs). Idempotent: importing the same file again
     * adds nothing.
     *
     * @throws IOException if {@code source} is not readable as such a database
     */
    ImportResult importOriginal(Path source, ImportProgress progress) throws IOException;
}
