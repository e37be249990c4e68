package org.emon.auth.jwt.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Function;

import org.emon.api.rest.RestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start: when there is no user at all, creates {@code admin} with the password from
 * {@value #ENV_VAR}, or else with a random one that is shown once on the console and kept in an
 * owner-only file beside the users file (for a server started in the background, whose console
 * nobody sees); never in the log, which is readable by more than the owner. Nothing is ever
 * hard-coded.
 */
final class AdminBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

    static final String ENV_VAR = "EMON_ADMIN_PASSWORD";
    /** Where a generated password is kept, beside the users file. */
    static final String PASSWORD_FILE = "admin-password.txt";
    static final String ADMIN = "admin";
    static final int GENERATED_LENGTH = 20;
    /** No 0/O, 1/l/I: easy to copy from a console by eye. 57 symbols, 20 of them: ~116 bits. */
    static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private AdminBootstrap() {
    }

    /**
     * Creates the admin user if the store is empty.
     *
     * @return the generated password if a random one was made (so a caller could show it), empty
     *         if the store had users already or the environment supplied the password
     */
    static Optional<String> ensureAdmin(UserStore store, Function<String, String> env, PrintStream console,
            SecureRandom random) throws IOException {
        if (!store.isEmpty()) {
            return Optional.empty();
        }
        String fromEnv = env.apply(ENV_VAR);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            try {
                store.add(ADMIN, fromEnv, RestProperties.ROLE_ADMIN);
                LOG.info("Created user '{}' (role admin) with the password from {} in {}", ADMIN, ENV_VAR, store.file());
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                LOG.warn("{} is set but not usable ({}); generating a random admin password instead", ENV_VAR,
                        e.getMessage());
            }
        }
        String password = randomPassword(random);
        store.add(ADMIN, password, RestProperties.ROLE_ADMIN);
        Path kept = store.file().toAbsolutePath().resolveSibling(PASSWORD_FILE);
        SecureFiles.writeAtomically(kept, (password + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
        String message = "emon: created user '" + ADMIN + "' (role admin) with the generated password: " + password
                + System.lineSeparator()
                + "emon: it is also in " + kept + " (owner-only): change it with emon:user-passwd admin and delete that file."
                + System.lineSeparator()
                + "emon: to choose your own instead: stop emon, delete " + store.file()
                + ", set the environment variable " + ENV_VAR + " and start emon again.";
        console.println(message);
        console.flush();
        LOG.warn("Created user '{}' (role admin) with a generated password, shown on the console and kept in {} (owner-only)",
                ADMIN, kept);
        return Optional.of(password);
    }

    static String randomPassword(SecureRandom random) {
        StringBuilder sb = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
