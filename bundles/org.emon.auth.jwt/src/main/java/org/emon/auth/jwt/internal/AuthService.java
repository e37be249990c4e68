package org.emon.auth.jwt.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import javax.crypto.SecretKey;

import org.emon.api.auth.AuthStatistics;
import org.emon.api.auth.KeyRotation;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the user store, the signing key and the token service; the login resource and the request
 * filter use it. Registered under this (private) class only: nothing outside this bundle sees it.
 */
@Component(service = {AuthService.class, AuthStatistics.class}, configurationPid = AuthService.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AuthService.Config.class)
public class AuthService implements AuthStatistics {

    static final String PID = "org.emon.auth.jwt";

    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);

    static final long MIN_LIFETIME_SECONDS = 60;
    static final long MAX_LIFETIME_SECONDS = 7 * 24 * 3600;

    @ObjectClassDefinition(name = "emon authentication (JWT)",
            description = "Users, password hashing and the tokens that /api/login issues.")
    @interface Config {

        @AttributeDefinition(name = "Token lifetime (seconds)",
                description = "How long a token from /api/login is valid; 60 to 604800.", min = "60", max = "604800")
        long token_lifetime_seconds() default 3600;

        @AttributeDefinition(name = "Issuer", description = "The iss claim written into and required of tokens.")
        String issuer() default "emon";

        @AttributeDefinition(name = "Audience", description = "The aud claim written into and required of tokens.")
        String audience() default "emon";

        @AttributeDefinition(name = "Users file",
                description = "Empty: ${karaf.data}/emon/users.properties.")
        String users_file() default "";

        @AttributeDefinition(name = "API tokens file",
                description = "Empty: ${karaf.data}/emon/api-tokens. Holds only hashes of the tokens' secrets.")
        String api_tokens_file() default "";

        @AttributeDefinition(name = "Signing key file", description = "Empty: ${karaf.data}/emon/jwt.key.")
        String key_file() default "";

        @AttributeDefinition(name = "PBKDF2 iterations",
                description = "Cost of new password hashes; at least 600000.", min = "600000")
        int pbkdf2_iterations() default PasswordHasher.DEFAULT_ITERATIONS;

        @AttributeDefinition(name = "Free login failures",
                description = "Failed logins per user name and per client address before back-off starts; 1 to 100.",
                min = "1", max = "100")
        int login_free_failures() default 5;

        @AttributeDefinition(name = "First back-off (seconds)",
                description = "Wait after the last free failure; doubles with each further failure; 1 to 3600.",
                min = "1", max = "3600")
        long login_backoff_initial_seconds() default 1;

        @AttributeDefinition(name = "Longest back-off (seconds)",
                description = "The doubling stops here; 1 to 86400, at least the first back-off.",
                min = "1", max = "86400")
        long login_backoff_max_seconds() default 900;

        @AttributeDefinition(name = "Failure window (seconds)",
                description = "Failures are forgotten this long after the back-off they caused has passed; 1 to 86400.",
                min = "1", max = "86400")
        long login_window_seconds() default 900;

        @AttributeDefinition(name = "Throttle table size",
                description = "User names and client addresses remembered each, least recently used forgotten first;"
                        + " 100 to 1000000.", min = "100", max = "1000000")
        int login_throttle_entries() default 10_000;
    }

    /** Validated configuration. */
    record Settings(Duration lifetime, String issuer, String audience, Path usersFile, Path keyFile, Path apiTokensFile,
            int iterations, LoginThrottle.Settings throttle) {

        static Settings from(Config c, Function<String, String> systemProperty) {
            String data = systemProperty.apply("karaf.data");
            Path dataDir = Paths.get(data == null || data.isBlank() ? "./data" : data).resolve("emon");
            long lifetime = c.token_lifetime_seconds();
            if (lifetime < MIN_LIFETIME_SECONDS || lifetime > MAX_LIFETIME_SECONDS) {
                long clamped = Math.max(MIN_LIFETIME_SECONDS, Math.min(MAX_LIFETIME_SECONDS, lifetime));
                LOG.warn("token.lifetime.seconds={} is outside {}..{}; using {}", lifetime, MIN_LIFETIME_SECONDS,
                        MAX_LIFETIME_SECONDS, clamped);
                lifetime = clamped;
            }
            int iterations = c.pbkdf2_iterations();
            if (iterations < PasswordHasher.MIN_ITERATIONS || iterations > PasswordHasher.MAX_ITERATIONS) {
                int clamped = Math.max(PasswordHasher.MIN_ITERATIONS, Math.min(PasswordHasher.MAX_ITERATIONS, iterations));
                LOG.warn("pbkdf2.iterations={} is outside {}..{}; using {}", iterations,
                        PasswordHasher.MIN_ITERATIONS, PasswordHasher.MAX_ITERATIONS, clamped);
                iterations = clamped;
            }
            long initial = clamp("login.backoff.initial.seconds", c.login_backoff_initial_seconds(), 1, 3600);
            LoginThrottle.Settings throttle = new LoginThrottle.Settings(
                    (int) clamp("login.free.failures", c.login_free_failures(), 1, 100),
                    Duration.ofSeconds(clamp("login.window.seconds", c.login_window_seconds(), 1, 86_400)),
                    Duration.ofSeconds(initial),
                    Duration.ofSeconds(clamp("login.backoff.max.seconds", c.login_backoff_max_seconds(), initial, 86_400)),
                    (int) clamp("login.throttle.entries", c.login_throttle_entries(), 100, 1_000_000));
            return new Settings(Duration.ofSeconds(lifetime),
                    textOr(c.issuer(), "emon", "issuer"),
                    textOr(c.audience(), "emon", "audience"),
                    pathOr(c.users_file(), dataDir.resolve("users.properties")),
                    pathOr(c.key_file(), dataDir.resolve("jwt.key")),
                    pathOr(c.api_tokens_file(), dataDir.resolve("api-tokens")),
                    iterations, throttle);
        }

        private static long clamp(String name, long value, long min, long max) {
            if (value < min || value > max) {
                long clamped = Math.max(min, Math.min(max, value));
                LOG.warn("{}={} is outside {}..{}; using {}", name, value, min, max, clamped);
                return clamped;
            }
            return value;
        }

        private static String textOr(String value, String fallback, String name) {
            if (value == null || value.isBlank()) {
                LOG.warn("{} is empty; using '{}'", name, fallback);
                return fallback;
            }
            return value.trim();
        }

        private static Path pathOr(String value, Path fallback) {
            return value == null || value.isBlank() ? fallback : Paths.get(value.trim());
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final UserStore users;
    private final PasswordHasher hasher;
    /** Replaced as a whole when the signing key is rotated. */
    private volatile TokenService tokens;
    private final LoginThrottle throttle;
    private final ApiTokenStore apiTokens;
    private final LongAdder loginFailures = new LongAdder();
    /** PBKDF2 is deliberately expensive: bound how many run at once so logins cannot starve the box. */
    private final Semaphore hashing;

    @Activate
    public AuthService(Config config) {
        this(Settings.from(config, System::getProperty), System::getenv, System.out, Clock.systemUTC(), null);
    }

    /**
     * @param hasher null in production (one with {@code settings.iterations()} is made); tests pass a
     *               cheap one from {@link PasswordHasher#insecureForTests}
     */
    AuthService(Settings settings, Function<String, String> env, PrintStream console, Clock clock,
            PasswordHasher hasher) {
        this.settings = settings;
        this.clock = clock;
        try {
            this.hasher = hasher != null ? hasher : new PasswordHasher(settings.iterations());
            this.users = UserStore.open(settings.usersFile(), this.hasher);
            AdminBootstrap.ensureAdmin(users, env, console, random);
            SecretKey key = SigningKeyStore.loadOrCreate(settings.keyFile(), random);
            this.tokens = new TokenService(key, settings.issuer(), settings.audience(), settings.lifetime(), clock);
            this.throttle = new LoginThrottle(clock, settings.throttle());
            this.apiTokens = ApiTokenStore.open(settings.apiTokensFile(), clock, random);
            this.hashing = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), true);
            LOG.info("emon authentication ready: {} user(s) in {}, tokens valid {} s", users.list().size(),
                    users.file(), settings.lifetime().toSeconds());
        } catch (IOException | RuntimeException e) {
            LOG.error("emon authentication cannot start, so the REST API stays closed: {}", e.getMessage());
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    UserStore users() {
        return users;
    }

    TokenService tokens() {
        return tokens;
    }

    ApiTokenStore apiTokens() {
        return apiTokens;
    }

    @Override
    public long loginFailures() {
        return loginFailures.sum();
    }

    /**
     * Who presents this token: an API token ({@value ApiTokenStore#PREFIX}...) as its scope allows,
     * or a valid login token as its user's role allows; empty if it is neither.
     */
    public Optional<Caller> caller(String presented) {
        if (presented != null && presented.startsWith(ApiTokenStore.PREFIX)) {
            return apiTokens.authenticate(presented).map(t -> Caller.token(t.name(), t.scope()));
        }
        return authenticate(presented).map(t -> Caller.user(t.username(), t.role()));
    }

    /**
     * Checks a name and password sent from {@code clientAddress}. Unknown names and wrong passwords
     * cost one PBKDF2 derivation each and give the same answer; repeated failures per name and per
     * address are throttled.
     */
    public LoginOutcome login(String username, String password, String clientAddress) {
        if (username == null || username.isEmpty() || username.length() > 256
                || password == null || password.isEmpty() || password.length() > PasswordHasher.MAX_PASSWORD_LENGTH) {
            return LoginOutcome.refused();
        }
        // counted before the password is checked, so parallel guesses cannot all get through
        Duration wait = throttle.begin(username, clientAddress);
        if (!wait.isZero()) {
            LOG.debug("Login for {} from {} throttled for {} s after repeated failures", printable(username),
                    printableAddress(clientAddress), wait.toSeconds());
            return LoginOutcome.throttled(wait);
        }
        try {
            if (!hashing.tryAcquire(10, TimeUnit.SECONDS)) {
                throttle.abandoned(username, clientAddress);
                return LoginOutcome.busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throttle.abandoned(username, clientAddress);
            return LoginOutcome.busy();
        }
        try {
            Optional<UserStore.User> user = users.find(username);
            boolean ok = user.isPresent()
                    ? hasher.verify(password, user.get().passwordHash())
                    : hasher.verifyDummy(password);
            if (!ok) {
                throttle.refused(username, clientAddress);
                loginFailures.increment();
                // an unknown name is not logged: it may be a password typed into the wrong field
                LOG.info("Failed login for {} from {}", user.isPresent() ? printable(username) : "an unknown user name",
                        printableAddress(clientAddress));
                return LoginOutcome.refused();
            }
            throttle.succeeded(username, clientAddress);
            UserStore.User u = upgradeHash(user.get(), password);
            return LoginOutcome.success(tokens.issue(u.username(), u.role(), credentialStamp(u.passwordHash())));
        } finally {
            hashing.release();
        }
    }

    /** The user as stored after re-hashing a password made with fewer iterations than configured now. */
    private UserStore.User upgradeHash(UserStore.User u, String password) {
        if (!hasher.needsRehash(u.passwordHash())) {
            return u;
        }
        try {
            UserStore.User upgraded = users.setPassword(u.username(), password);
            LOG.info("Re-hashed the password of {} with {} iterations", u.username(), hasher.iterations());
            return upgraded;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not re-hash the password of {}: {}", u.username(), e.getMessage());
            return u;
        }
    }

    /**
     * The token's content if it is valid now and its user still exists with the same role and the
     * same password (so that removing a user, changing a role or a password takes effect without
     * waiting for expiry).
     */
    public Optional<VerifiedToken> authenticate(String token) {
        return tokens.verify(token).filter(t -> users.find(t.username())
                .map(u -> u.role().equals(t.role()) && MessageDigest.isEqual(
                        credentialStamp(u.passwordHash()).getBytes(StandardCharsets.US_ASCII),
                        t.credential() == null ? new byte[0] : t.credential().getBytes(StandardCharsets.US_ASCII)))
                .orElse(false));
    }

    /**
     * Replaces the signing key: every token issued before is refused from now on.
     *
     * @throws IOException if the new key cannot be written (the old one stays in use)
     */
    public synchronized KeyRotation rotateSigningKey() throws IOException {
        SecretKey key = SigningKeyStore.rotate(settings.keyFile(), random);
        tokens = new TokenService(key, settings.issuer(), settings.audience(), settings.lifetime(), clock);
        return new KeyRotation(settings.keyFile().toAbsolutePath(), SigningKeyStore.KEY_BYTES * 8, clock.instant());
    }

    /**
     * A short fingerprint of a password hash, carried in tokens: a new password (new salt, new hash)
     * gives a new fingerprint, which ends the sessions made with the old one. It reveals nothing
     * useful: the hash behind it is salted and slow, and the fingerprint cannot be reversed.
     */
    static String credentialStamp(String passwordHash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(passwordHash.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String printable(String username) {
        return UserStore.USERNAME.matcher(username).matches() ? "'" + username + "'" : "an invalid user name";
    }

    private static String printableAddress(String address) {
        return address == null ? "an unknown address" : LoginThrottle.addressKey(address).replaceAll("[^\\x20-\\x7e]", "?");
    }
}
