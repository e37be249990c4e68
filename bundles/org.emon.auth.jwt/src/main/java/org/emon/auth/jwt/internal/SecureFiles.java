package org.emon.auth.jwt.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Files that hold secrets: written atomically, readable by the owner only where POSIX allows it. */
final class SecureFiles {

    private static final Logger LOG = LoggerFactory.getLogger(SecureFiles.class);

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecureFiles() {
    }

    static boolean supportsPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Replaces {@code target} with {@code content}: a temporary file in the same directory, created
     * owner-only, written and forced to disk, then moved over the target atomically. The directory is
     * created if needed.
     */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        boolean posix = supportsPosix(dir);
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp", attrs);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                LOG.warn("Atomic rename not supported for {}; replacing it non-atomically", absolute);
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            if (posix) {
                Files.setPosixFilePermissions(absolute, OWNER_ONLY);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Narrows an existing secret file to owner-only permissions if it was readable by others. */
    static void restrictToOwner(Path file) throws IOException {
        if (!supportsPosix(file)) {
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> current = view.readAttributes().permissions();
        if (!current.equals(OWNER_ONLY)) {
            LOG.warn("{} had permissions {}; narrowing them to rw------- (it holds secrets)",
                    file, PosixFilePermissions.toString(current));
            view.setPermissions(OWNER_ONLY);
        }
    }
}
