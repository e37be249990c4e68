/** Reading the times and time zones that people and clients type, the same way everywhere. */
@Export
@Version("1.0.0")
package org.emon.api.time;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
