/** The durable pulse store contract. */
@Export
@Version("1.2.0")
package org.emon.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
