package org.emon.api.integration;

/**
 * What an integration reports about its connection.
 *
 * @param name            what it is, e.g. {@code mqtt}
 * @param target          where it connects to, e.g. {@code tcp://127.0.0.1:1883} (never with a password)
 * @param connected       whether it is connected now
 * @param messagesSent    messages sent since it started
 * @param lastError       the last failure, or {@code null} if there was none
 * @param lastErrorMillis when the last failure happened, or 0
 * @param warning         what it holds back now and why (a total below one published before, say), or
 *                        {@code null} if nothing
 */
public record IntegrationState(String name, String target, boolean connected, long messagesSent, String lastError,
        long lastErrorMillis, String warning) {

    /** A state without a warning. */
    public IntegrationState(String name, String target, boolean connected, long messagesSent, String lastError, long lastErrorMillis) {
        this(name, target, connected, messagesSent, lastError, lastErrorMillis, null);
    }
}
