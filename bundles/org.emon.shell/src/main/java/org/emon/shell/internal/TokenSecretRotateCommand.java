package org.emon.shell.internal;

import java.io.IOException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.emon.api.auth.KeyRotation;
import org.emon.api.auth.TokenAdmin;

/** {@code emon:token-secret-rotate}: a new token signing key; every token issued before stops working. */
@Service
@Command(scope = "emon", name = "token-secret-rotate", description = "Replaces the key that signs access tokens: every user and client has to log in again")
public class TokenSecretRotateCommand implements Action {

    @Reference
    TokenAdmin tokens;

    @Override
    public Object execute() {
        System.out.println(run(tokens));
        return null;
    }

    static String run(TokenAdmin tokens) {
        KeyRotation rotation;
        try {
            rotation = tokens.rotateSigningKey();
        } catch (IOException e) {
            throw new CommandFailure("could not write the new key (the old one stays in use): " + e.getMessage());
        }
        return "New " + rotation.bits() + "-bit signing key in " + rotation.keyFile() + " (owner-only)."
                + System.lineSeparator()
                + "Every token issued before is now refused: users and clients (pimatic, Domoticz, scripts) must log in again.";
    }
}
