package org.emon.shell.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;
import org.emon.api.auth.User;
import org.emon.api.auth.UserAdmin;

/** {@code emon:user-list}: every user with its role. */
@Service
@Command(scope = "emon", name = "user-list", description = "Lists the users who may log in to the REST API, with their roles")
public class UserListCommand implements Action {

    @Reference
    UserAdmin users;

    @Override
    public Object execute() {
        print(users.users(), System.out);
        return null;
    }

    static void print(List<User> users, PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Role");
        users.forEach(u -> table.addRow().addContent(u.name(), u.role().id()));
        table.print(out);
    }

    /** Completes existing user names. */
    @Service
    public static class Names implements Completer {

        @Reference
        UserAdmin users;

        @Override
        public int complete(Session session, CommandLine commandLine, List<String> candidates) {
            StringsCompleter names = new StringsCompleter(users.users().stream().map(User::name).toList());
            return names.complete(session, commandLine, candidates);
        }
    }
}
