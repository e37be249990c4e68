package org.emon.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.emon.api.auth.ApiTokenAdmin;
import org.emon.api.auth.ApiTokenScope;
import org.emon.api.auth.NewApiToken;

/** {@code emon:token-create --scope read NAME}: a new API token, its secret printed this once. */
@Service
@Command(scope = "emon", name = "token-create", description = "Creates an API token for an integration and prints its secret, the only time it is shown")
public class TokenCreateCommand implements Action {

    @Reference
    ApiTokenAdmin tokens;

    @Option(name = "--scope", aliases = "-s", description = "read (what a viewer reads), metrics (GET /metrics only), ingest (posting pulses only) or admin",
            required = true)
    @Completion(value = StringsCompleter.class, values = { "read", "metrics", "ingest", "admin" })
    String scope;

    @Argument(index = 0, name = "name", description = "a name saying who uses it, e.g. prometheus", required = true)
    String name;

    @Override
    public Object execute() {
        System.out.println(run(tokens, name, scope));
        return null;
    }

    static String run(ApiTokenAdmin tokens, String name, String scope) {
        NewApiToken created = UserAddCommand.call(() -> tokens.create(name, ApiTokenScope.parse(scope)));
        return "Created API token '" + created.token().name() + "' with scope " + created.token().scope().id()
                + ". Its secret, shown only now (send it as Authorization: Bearer <secret>):\n" + created.secret();
    }
}
