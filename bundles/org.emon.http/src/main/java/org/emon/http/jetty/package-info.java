/**
 * emon's additions to the Jetty server of pax-web, created by that server itself while it starts
 * (from the {@code jetty.xml} of the fragment bundle org.emon.http.fragment): exported only so
 * that pax-web's Jetty bundle, which the fragment makes import this package, can load them.
 */
@Export
@Version("1.0.0")
package org.emon.http.jetty;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
