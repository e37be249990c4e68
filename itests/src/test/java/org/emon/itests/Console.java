package org.emon.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/** Runs a console command as a user at the Karaf prompt would, and returns what it printed. */
final class Console {

    private Console() {
    }

    static String run(SessionFactory sessions, String command) throws Exception {
        return run(sessions, command, null);
    }

    /**
     * Runs a command in a console with a terminal, as {@code bin/karaf} opens one, so that a command
     * can ask questions (a password); {@code typed} is what the user types at them.
     */
    static String type(SessionFactory sessions, String command, String typed) throws Exception {
        return run(sessions, command, typed);
    }

    private static String run(SessionFactory sessions, String command, String typed) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session;
        if (typed == null) {
            session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
        } else {
            // no terminal given: Karaf's console session makes a dumb one on these streams
            InputStream in = new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8));
            session = sessions.create(in, out, out, null, StandardCharsets.UTF_8.name(), () -> { });
        }
        try {
            session.execute(command);
        } finally {
            out.flush();
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
