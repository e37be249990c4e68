package org.emon.auth.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyStoreTest {

    @TempDir
    Path dir;

    @Test
    void generatesOnceAndReusesOnReopen() throws IOException {
        Path file = dir.resolve("sub/dir/jwt.key");
        SecretKey first = SigningKeyStore.loadOrCreate(file, new SecureRandom());
        assertThat(first.getEncoded()).hasSize(32);
        assertThat(first.getAlgorithm()).isEqualTo("HmacSHA256");
        assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).isEqualTo(first.getEncoded());

        SecretKey second = SigningKeyStore.loadOrCreate(file, new SecureRandom());
        assertThat(second.getEncoded()).isEqualTo(first.getEncoded());
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temp files left behind
        }
    }

    @Test
    void keyFileIsOwnerOnly() throws IOException {
        assumeTrue(SecureFiles.supportsPosix(dir));
        Path file = dir.resolve("jwt.key");
        SigningKeyStore.loadOrCreate(file, new SecureRandom());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void existingKeyReadableByOthersIsNarrowed() throws IOException {
        assumeTrue(SecureFiles.supportsPosix(dir));
        Path file = dir.resolve("jwt.key");
        Files.writeString(file, Base64.getEncoder().encodeToString(new byte[48]));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(SigningKeyStore.loadOrCreate(file, new SecureRandom()).getEncoded()).hasSize(48);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void shortKeyIsRefusedNotReplaced() throws IOException {
        Path file = dir.resolve("jwt.key");
        String weak = Base64.getEncoder().encodeToString(new byte[31]);
        Files.writeString(file, weak);
        assertThatThrownBy(() -> SigningKeyStore.loadOrCreate(file, new SecureRandom()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("248 bits")
                .hasMessageContaining("Delete");
        assertThat(Files.readString(file)).isEqualTo(weak);
    }

    @Test
    void garbageKeyIsRefused() throws IOException {
        Path file = dir.resolve("jwt.key");
        Files.writeString(file, "not base64 at all!");
        assertThatThrownBy(() -> SigningKeyStore.loadOrCreate(file, new SecureRandom()))
                .isInstanceOf(IOException.class).hasMessageContaining("not base64");
    }
}
