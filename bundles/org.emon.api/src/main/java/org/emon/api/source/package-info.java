/**
 * Help for writing a pulse source: {@link org.emon.api.source.SourceBookkeeping} delivers a source's
 * pulses to the {@link org.emon.api.PulseSink} and keeps the {@link org.emon.api.SourceStatus} the
 * source reports.
 */
@Export
@Version("1.0.0")
package org.emon.api.source;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
