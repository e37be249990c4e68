package org.emon.auth.jwt.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Slows password guessing, counted separately per user name and per client address: the first
 * {@code freeFailures} failures cost nothing extra, then each further attempt must wait
 * {@code initialDelay}, twice that, four times ... up to {@code maxDelay} after the previous failure.
 * A key is forgotten once {@code window} has passed after its wait. A success forgets the user
 * name, not the address: an attacker with one valid account must not reset the count of the
 * address it guesses other accounts from. Unknown names are counted like known ones, so the
 * throttle does not reveal which users exist. Each table keeps at most {@code maxEntries} keys,
 * the least recently used going first, so rotating names or addresses cannot exhaust memory.
 * <p>
 * An attempt counts as a failure from when it {@link #begin begins}, before the password is
 * checked, until it ends: a burst of parallel guesses cannot all pass the check before the first of
 * them is counted. An address that has logged in as a user before is not held back by
 * that user's count (only by its own), so guesses from elsewhere cannot lock the user out of the
 * places they log in from.
 */
final class LoginThrottle {

    /** Limits, validated by the configuration. */
    record Settings(int freeFailures, Duration window, Duration initialDelay, Duration maxDelay, int maxEntries) {

        static final Settings DEFAULT = new Settings(5, Duration.ofMinutes(15), Duration.ofSeconds(1),
                Duration.ofMinutes(15), 10_000);

        Settings {
            if (freeFailures < 1 || window.isNegative() || window.isZero() || initialDelay.isNegative()
                    || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0 || maxEntries < 1) {
                throw new IllegalArgumentException("invalid login throttle settings: " + freeFailures + ", "
                        + window + ", " + initialDelay + ", " + maxDelay + ", " + maxEntries);
            }
        }
    }

    /** Literals only: anything else could make InetAddress ask DNS, so it stays an opaque key. */
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

    private final Clock clock;
    private final Settings settings;
    private final Counter byUser;
    private final Counter byAddress;
    /** (user, address) pairs that logged in successfully, least recently used first out. */
    private final Map<String, Boolean> knownGood;

    LoginThrottle(Clock clock) {
        this(clock, Settings.DEFAULT);
    }

    LoginThrottle(Clock clock, Settings settings) {
        this.clock = clock;
        this.settings = settings;
        this.byUser = new Counter();
        this.byAddress = new Counter();
        this.knownGood = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > settings.maxEntries();
            }
        };
    }

    Settings settings() {
        return settings;
    }

    /** Zero if an attempt for this name from this address may go ahead now, else how long to wait. */
    synchronized Duration waitFor(String username, String address) {
        Instant now = clock.instant();
        Duration a = byUser.waitFor(userKey(username), now);
        Duration b = byAddress.waitFor(addressKey(address), now);
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Starts a login attempt: zero if it may go ahead now, and then it counts as a failure until
     * it ends ({@link #succeeded}, {@link #refused} or {@link #abandoned}); else how long to wait,
     * and nothing is counted.
     */
    synchronized Duration begin(String username, String address) {
        Instant now = clock.instant();
        Duration wait = byAddress.waitFor(addressKey(address), now);
        if (!knownGood.containsKey(pairKey(username, address))) {
            Duration byName = byUser.waitFor(userKey(username), now);
            wait = byName.compareTo(wait) > 0 ? byName : wait;
        }
        if (wait.isZero()) {
            byUser.begin(userKey(username), now);
            byAddress.begin(addressKey(address), now);
        }
        return wait;
    }

    /** A begun attempt with the right password: the name's count is forgotten, the pair remembered. */
    synchronized void succeeded(String username, String address) {
        byAddress.end(addressKey(address));
        byUser.entries.remove(userKey(username));
        knownGood.put(pairKey(username, address), Boolean.TRUE);
    }

    /** A begun attempt with a wrong password or an unknown name. */
    synchronized void refused(String username, String address) {
        byUser.end(userKey(username));
        byAddress.end(addressKey(address));
        failed(username, address);
    }

    /** A begun attempt that was never checked (the server too busy): counted neither way. */
    synchronized void abandoned(String username, String address) {
        byUser.end(userKey(username));
        byAddress.end(addressKey(address));
    }

    private static String pairKey(String username, String address) {
        return userKey(username) + "\n" + addressKey(address);
    }

    synchronized void failed(String username, String address) {
        Instant now = clock.instant();
        byUser.failed(userKey(username), now);
        byAddress.failed(addressKey(address), now);
    }

    /** Keys held now (for tests of the memory bound). */
    synchronized int size() {
        return byUser.entries.size() + byAddress.entries.size() + knownGood.size();
    }

    /** Case-insensitive, as user names are unique ignoring case. */
    static String userKey(String username) {
        String u = username == null ? "" : username;
        String k = u.length() > 64 ? u.substring(0, 64) : u;
        return k.toLowerCase(Locale.ROOT);
    }

    /**
     * An IPv4 address as it is, an IPv6 address by its /64 prefix: one home or host gets a whole
     * /64, so counting single IPv6 addresses would let one attacker rotate through 2^64 of them.
     * Anything else is an opaque key, bounded in length.
     */
    static String addressKey(String address) {
        if (address == null || address.isEmpty()) {
            return "";
        }
        String literal = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        if (zone > 0) {
            literal = literal.substring(0, zone);
        }
        if (IPV4.matcher(literal).matches()) {
            String v4 = ipv4(literal);
            if (v4 != null) {
                return v4;
            }
        } else if (literal.length() <= 45 && IPV6.matcher(literal).matches()) {
            try {
                // in brackets, InetAddress only parses: an invalid literal fails instead of going to DNS
                byte[] bytes = InetAddress.getByName("[" + literal + "]").getAddress();
                if (bytes.length == 4) {
                    return ipv4(bytes);
                }
                StringBuilder sb = new StringBuilder("v6:");
                for (int i = 0; i < 8; i++) {
                    sb.append(String.format(Locale.ROOT, "%02x", bytes[i]));
                }
                return sb.append("/64").toString();
            } catch (UnknownHostException | RuntimeException e) {
                // not an address after all: an opaque key
            }
        }
        return address.length() > 64 ? address.substring(0, 64) : address;
    }

    private static String ipv4(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                return null;
            }
            bytes[i] = (byte) octet;
        }
        return ipv4(bytes);
    }

    private static String ipv4(byte[] b) {
        return (b[0] & 255) + "." + (b[1] & 255) + "." + (b[2] & 255) + "." + (b[3] & 255);
    }

    private final class Counter {

        private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > settings.maxEntries();
            }
        };

        Duration waitFor(String key, Instant now) {
            Entry e = current(key, now);
            // attempts still being checked count as failures: a burst cannot all get through
            int count = e == null ? 0 : e.failures + e.pending;
            if (count < settings.freeFailures()) {
                return Duration.ZERO;
            }
            Instant allowedAt = e.last.plus(delay(count));
            return now.isBefore(allowedAt) ? Duration.between(now, allowedAt) : Duration.ZERO;
        }

        void begin(String key, Instant now) {
            Entry e = current(key, now);
            if (e == null) {
                e = new Entry();
                e.last = now;
                entries.put(key, e);
            }
            e.pending++;
        }

        void end(String key) {
            Entry e = entries.get(key);
            if (e != null && e.pending > 0) {
                e.pending--;
            }
        }

        void failed(String key, Instant now) {
            Entry e = current(key, now);
            if (e == null) {
                e = new Entry();
                entries.put(key, e);
            }
            e.failures = Math.min(e.failures + 1, 1_000);
            e.last = now;
        }

        private Entry current(String key, Instant now) {
            Entry e = entries.get(key);
            if (e != null && now.isAfter(e.last.plus(delay(e.failures)).plus(settings.window()))) {
                entries.remove(key);
                return null;
            }
            return e;
        }
    }

    private static final class Entry {
        int failures;
        /** Attempts begun and not yet ended. */
        int pending;
        Instant last;
    }

    /** Zero below the free failures, then initial x 2^(failures - free), at most the maximum. */
    Duration delay(int failures) {
        if (failures < settings.freeFailures()) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - settings.freeFailures(), 40);
        Duration max = settings.maxDelay();
        Duration d = settings.initialDelay();
        for (int i = 0; i < doublings && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
