/** How a time range is cut into the buckets that energy is summed over. */
@Export
@Version("1.0.0")
package org.emon.api.aggregation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
