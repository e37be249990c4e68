package org.emon.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.emon.api.auth.UserAdmin;

/** {@code emon:user-remove <name>}: the user can no longer log in, and its tokens stop working. */
@Service
@Command(scope = "emon", name = "user-remove", description = "Removes a user; its tokens are refused from then on. The last admin cannot be removed")
public class UserRemoveCommand implements Action {

    @Reference
    UserAdmin users;

    @Argument(index = 0, name = "name", description = "the user", required = true)
    @Completion(UserListCommand.Names.class)
    String name;

    @Override
    public Object execute() {
        System.out.println(run(users, name));
        return null;
    }

    static String run(UserAdmin users, String name) {
        UserAddCommand.call(() -> {
            users.remove(name);
            return null;
        });
        return "Removed user '" + name + "'; its tokens are refused from now on.";
    }
}
