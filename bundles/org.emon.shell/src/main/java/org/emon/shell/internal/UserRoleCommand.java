package org.emon.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.emon.api.auth.Role;
import org.emon.api.auth.User;
import org.emon.api.auth.UserAdmin;

/** {@code emon:user-role <name> <viewer|admin>}: changes a role; the last admin cannot be demoted. */
@Service
@Command(scope = "emon", name = "user-role", description = "Changes a user's role to viewer or admin; the user has to log in again")
public class UserRoleCommand implements Action {

    @Reference
    UserAdmin users;

    @Argument(index = 0, name = "name", description = "the user", required = true)
    @Completion(UserListCommand.Names.class)
    String name;

    @Argument(index = 1, name = "role", description = "viewer or admin", required = true)
    @Completion(value = StringsCompleter.class, values = {"viewer", "admin"})
    String role;

    @Override
    public Object execute() {
        System.out.println(run(users, name, role));
        return null;
    }

    static String run(UserAdmin users, String name, String role) {
        Role parsed = UserAddCommand.call(() -> Role.parse(role));
        User user = UserAddCommand.call(() -> users.changeRole(name, parsed));
        return "'" + user.name() + "' is now " + user.role().id() + "; it has to log in again for a token with the new role.";
    }
}
