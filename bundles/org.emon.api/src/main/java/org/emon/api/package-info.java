/**
 * The emon domain: meters, pulses, the sources that produce pulses and the services that track them.
 */
@Export
@Version("1.1.0")
package org.emon.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
