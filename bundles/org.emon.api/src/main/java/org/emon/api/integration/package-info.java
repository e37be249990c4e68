/**
 * Connections from emon to the systems around it (an MQTT broker, for example): each one reports its
 * state through {@link org.emon.api.integration.IntegrationStatus}, so that {@code emon:status} and
 * {@code /api/v1/status} can list them without knowing them.
 */
@Export
@Version("1.1.0")
package org.emon.api.integration;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
