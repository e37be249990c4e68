/** How a time range is cut into buckets, and the energy a meter used in each. */
@Export
@Version("1.2.0")
package org.emon.api.aggregation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
