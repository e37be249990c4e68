package org.emon.auth.jwt.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.emon.api.auth.ApiToken;
import org.emon.api.auth.ApiTokenAdmin;
import org.emon.api.auth.ApiTokenScope;
import org.emon.api.auth.NewApiToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API tokens, kept in a file readable by its owner only, one line per token:
 * {@code name scope sha256-hex created-ms last-used-ms}. A secret is {@value #PREFIX} and 256
 * random bits in base64url; only its SHA-256 is stored (a random 256-bit secret needs no slow
 * hash), and it is compared in constant time. Last use is kept in memory at once and written at
 * most once a {@link #LAST_USE_RESOLUTION} per token, so a scrape every few seconds does not
 * rewrite the file each time.
 */
final class ApiTokenStore {

    private static final Logger LOG = LoggerFactory.getLogger(ApiTokenStore.class);

    /** Tells an API token from a JWT (which always holds dots) before anything is verified. */
    static final String PREFIX = "emon_";
    static final int SECRET_BYTES = 32;
    static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);
    static final Pattern NAME = Pattern.compile(ApiTokenAdmin.NAME_PATTERN);
    private static final Pattern SECRET = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private record Entry(ApiToken token, byte[] hash, Instant lastWritten) {
    }

    private final Path file;
    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, Entry> tokens = new TreeMap<>(); // guarded by this

    private ApiTokenStore(Path file, Clock clock, SecureRandom random) {
        this.file = file;
        this.clock = clock;
        this.random = random;
    }

    /** Opens the store, reading {@code file} if it exists (it is created on the first change). */
    static ApiTokenStore open(Path file, Clock clock, SecureRandom random) throws IOException {
        ApiTokenStore store = new ApiTokenStore(file.toAbsolutePath(), clock, random);
        store.load();
        return store;
    }

    Path file() {
        return file;
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        SecureFiles.restrictToOwner(file);
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Entry e = parse(line, number);
                tokens.put(e.token().name(), e);
            }
        }
    }

    private Entry parse(String line, int number) throws IOException {
        String[] f = line.trim().split(" ");
        try {
            if (f.length != 5 || !NAME.matcher(f[0]).matches() || !HASH.matcher(f[2]).matches()) {
                throw new IllegalArgumentException("expected 'name scope sha256-hex created-ms last-used-ms'");
            }
            long lastUsed = Long.parseLong(f[4]);
            Instant last = lastUsed <= 0 ? null : Instant.ofEpochMilli(lastUsed);
            ApiToken token = new ApiToken(f[0], ApiTokenScope.parse(f[1]), Instant.ofEpochMilli(Long.parseLong(f[3])), last);
            return new Entry(token, HexFormat.of().parseHex(f[2]), last);
        } catch (IllegalArgumentException e) {
            throw new IOException("Malformed line " + number + " in " + file + " (" + e.getMessage()
                    + "); fix or remove that line (removing a line revokes that token)", e);
        }
    }

    synchronized List<ApiToken> list() {
        return tokens.values().stream().map(Entry::token).toList();
    }

    synchronized NewApiToken create(String name, ApiTokenScope scope) throws IOException {
        checkName(name);
        if (scope == null) {
            throw new IllegalArgumentException("scope must be read, metrics, ingest or admin");
        }
        if (tokens.keySet().stream().anyMatch(n -> n.equalsIgnoreCase(name))) {
            throw new IllegalStateException("a token named '" + name + "' exists already");
        }
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiToken token = new ApiToken(name, scope, clock.instant().truncatedTo(ChronoUnit.MILLIS), null);
        tokens.put(name, new Entry(token, sha256(secret), null));
        try {
            save();
        } catch (IOException e) {
            tokens.remove(name);
            throw e;
        }
        return new NewApiToken(token, secret);
    }

    /** Revokes at once: the token is forgotten before the file is written, even if writing fails. */
    synchronized void revoke(String name) throws IOException {
        if (name == null || tokens.remove(name) == null) {
            throw new NoSuchElementException("no token named '" + (name == null ? "" : name.replaceAll("[^\\x20-\\x7e]", "?")) + "'");
        }
        save();
    }

    /** The token whose secret this is, its last use now noted; empty for anything else. */
    Optional<ApiToken> authenticate(String secret) {
        if (secret == null || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        byte[] hash = sha256(secret);
        synchronized (this) {
            Entry match = null;
            // every entry compared in constant time, so timing tells nothing about the stored hashes
            for (Entry e : tokens.values()) {
                if (MessageDigest.isEqual(e.hash(), hash)) {
                    match = e;
                }
            }
            if (match == null) {
                return Optional.empty();
            }
            return Optional.of(used(match));
        }
    }

    private ApiToken used(Entry e) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ApiToken t = e.token();
        ApiToken updated = new ApiToken(t.name(), t.scope(), t.created(), now);
        boolean write = e.lastWritten() == null || !now.isBefore(e.lastWritten().plus(LAST_USE_RESOLUTION));
        tokens.put(t.name(), new Entry(updated, e.hash(), write ? now : e.lastWritten()));
        if (write) {
            try {
                save();
            } catch (IOException ex) {
                LOG.warn("Could not note the last use of API token '{}' in {}: {}", t.name(), file, ex.getMessage());
            }
        }
        return updated;
    }

    private void save() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# emon API tokens: name scope sha256(secret) created-ms last-used-ms. Secrets are not stored.");
        for (Entry e : tokens.values()) {
            ApiToken t = e.token();
            Instant last = e.lastWritten();
            lines.add(String.join(" ", t.name(), t.scope().id(), HexFormat.of().formatHex(e.hash()),
                    Long.toString(t.created().toEpochMilli()), Long.toString(last == null ? 0 : last.toEpochMilli())));
        }
        SecureFiles.writeAtomically(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("token name must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
