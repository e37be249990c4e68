package org.emon.api.auth;

import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Long-lived, named API tokens for integrations (a Prometheus scrape, a Home Assistant sensor, a
 * device posting pulses), each limited to one {@link ApiTokenScope}. Only a hash of each secret is
 * kept; changes are saved before a method returns and take effect at once.
 *
 * <p>Errors: {@link IllegalArgumentException} for an invalid name or scope;
 * {@link IllegalStateException} for a name that is taken; {@link NoSuchElementException} for an
 * unknown name.
 */
@ProviderType
public interface ApiTokenAdmin {

    /** Token names: a letter or digit, then letters, digits and {@code . _ -}; 64 at most. */
    String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    /** Every token, sorted by name. */
    List<ApiToken> tokens();

    /** Creates a token; the answer holds its secret, the only time it is available. */
    NewApiToken create(String name, ApiTokenScope scope) throws IOException;

    /** Revokes a token: it is refused from now on. */
    void revoke(String name) throws IOException;
}
