package org.emon.auth.jwt.internal;

import java.security.Principal;

import javax.ws.rs.core.SecurityContext;

/** The security context of a request that carried a valid token: the caller and its roles. */
final class TokenSecurityContext implements SecurityContext {

    static final String SCHEME = "Bearer";

    private final Caller caller;
    private final boolean secure;
    private final Principal principal;

    TokenSecurityContext(Caller caller, boolean secure) {
        this.caller = caller;
        this.secure = secure;
        String name = caller.name();
        this.principal = new Principal() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    Caller caller() {
        return caller;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return role != null && caller.roles().contains(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return SCHEME;
    }
}
