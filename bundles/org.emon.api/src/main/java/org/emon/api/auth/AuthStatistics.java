package org.emon.api.auth;

import org.osgi.annotation.versioning.ProviderType;

/** Counters of the authentication service since it started, for monitoring. */
@ProviderType
public interface AuthStatistics {

    /** Logins refused for a wrong name or password (throttled attempts not included). */
    long loginFailures();
}
