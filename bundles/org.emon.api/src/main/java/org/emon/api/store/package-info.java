/**
 * The pulse store's contract, split by capability so that a store implements only what it supports:
 * {@link org.emon.api.store.PulseAppender} (writing pulses) and {@link org.emon.api.store.PulseQueries}
 * (reading them) and {@link org.emon.api.store.StoreHealth} (status) for every store;
 * {@link org.emon.api.store.MeterTable} (the original's meter table), {@link org.emon.api.store.Collector}
 * (the original's collected tables) and {@link org.emon.api.store.StoreFiles} (backup and import of
 * database files) where the store supports them. Every store tells the registered
 * {@link org.emon.api.store.PulsesStoredListener} services which meters got pulses after each commit.
 */
@Export
@Version("2.2.0")
package org.emon.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
