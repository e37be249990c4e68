package org.emon.api.integration;

import org.osgi.annotation.versioning.ConsumerType;

/** A connection of emon's to another system, registered as a service while it is configured. */
@ConsumerType
public interface IntegrationStatus {

    /** Its state now; cheap to call. */
    IntegrationState state();
}
