package org.emon.api.store;

/**
 * The summary of importing an original emon-server database.
 *
 * @param meters            meters found in the source
 * @param pulsesImported    pulses newly stored
 * @param duplicatesSkipped pulses already stored (a repeated import adds nothing)
 */
public record ImportResult(int meters, long pulsesImported, long duplicatesSkipped) {
}
