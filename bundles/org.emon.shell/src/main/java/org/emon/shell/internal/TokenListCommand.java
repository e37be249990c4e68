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
import org.emon.api.auth.ApiToken;
import org.emon.api.auth.ApiTokenAdmin;

/** {@code emon:token-list}: every API token with its scope, creation and last use; never a secret. */
@Service
@Command(scope = "emon", name = "token-list", description = "Lists the API tokens with scope, creation and last use (secrets are not kept)")
public class TokenListCommand implements Action {

    @Reference
    ApiTokenAdmin tokens;

    @Override
    public Object execute() {
        print(tokens.tokens(), System.out);
        return null;
    }

    static void print(List<ApiToken> tokens, PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Scope");
        table.column("Created (UTC)");
        table.column("Last used (UTC)");
        tokens.forEach(t -> table.addRow().addContent(t.name(), t.scope().id(), t.created().toString(),
                t.lastUsed() == null ? "never" : t.lastUsed().toString()));
        table.print(out);
    }

    /** Completes existing token names. */
    @Service
    public static class Names implements Completer {

        @Reference
        ApiTokenAdmin tokens;

        @Override
        public int complete(Session session, CommandLine commandLine, List<String> candidates) {
            return new StringsCompleter(tokens.tokens().stream().map(ApiToken::name).toList()).complete(session, commandLine, candidates);
        }
    }
}
