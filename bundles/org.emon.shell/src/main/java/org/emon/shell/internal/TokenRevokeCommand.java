package org.emon.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.emon.api.auth.ApiTokenAdmin;

/** {@code emon:token-revoke NAME}: the token is refused from now on. */
@Service
@Command(scope = "emon", name = "token-revoke", description = "Revokes an API token: it is refused from now on")
public class TokenRevokeCommand implements Action {

    @Reference
    ApiTokenAdmin tokens;

    @Argument(index = 0, name = "name", description = "the token", required = true)
    @Completion(TokenListCommand.Names.class)
    String name;

    @Override
    public Object execute() {
        System.out.println(run(tokens, name));
        return null;
    }

    static String run(ApiTokenAdmin tokens, String name) {
        UserAddCommand.call(() -> {
            tokens.revoke(name);
            return null;
        });
        return "Revoked API token '" + name + "'; it is refused from now on.";
    }
}
