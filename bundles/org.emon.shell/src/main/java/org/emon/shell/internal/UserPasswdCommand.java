package org.emon.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.emon.api.auth.UserAdmin;

/** {@code emon:user-passwd <name>}: a new password, typed twice without echo; ends the user's sessions. */
@Service
@Command(scope = "emon", name = "user-passwd", description = "Sets a new password for a user; tokens issued before are refused from then on")
public class UserPasswdCommand implements Action {

    @Reference
    UserAdmin users;

    @Reference
    Session session;

    @Argument(index = 0, name = "name", description = "the user", required = true)
    @Completion(UserListCommand.Names.class)
    String name;

    @Option(name = "--password-file", description = "read the password from the first line of this file instead of asking")
    @Completion(FileCompleter.class)
    String passwordFile;

    @Override
    public Object execute() {
        System.out.println(run(users, name, passwordFile, session::readLine));
        return null;
    }

    static String run(UserAdmin users, String name, String passwordFile, UserAddCommand.Console console) {
        if (users.user(name).isEmpty()) {
            throw new CommandFailure("no user named '" + name + "'; see emon:user-list");
        }
        String password = UserAddCommand.newPassword(name, passwordFile, console);
        UserAddCommand.call(() -> users.changePassword(name, password));
        return "Changed the password of '" + name + "'; tokens issued to it before are refused from now on.";
    }
}
