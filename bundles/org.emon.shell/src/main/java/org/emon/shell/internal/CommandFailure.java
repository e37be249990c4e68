package org.emon.shell.internal;

/**
 * A command that cannot do what was asked, for a reason the user can fix. Karaf prints the message
 * as one line ({@code Error executing command: ...}) and a script sees the command fail.
 */
final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message, null, false, false);
    }
}
