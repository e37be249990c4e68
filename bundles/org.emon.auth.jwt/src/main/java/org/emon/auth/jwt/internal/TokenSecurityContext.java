package org.emon.auth.jwt.internal;

import java.security.Principal;

import javax.ws.rs.core.SecurityContext;

import org.emon.api.rest.RestProperties;

/**
 * The security context of a request that carried a valid token. {@code admin} includes
 * {@code viewer}: an admin may do whatever a viewer may.
 */
final class TokenSecurityContext implements SecurityContext {

    static final String SCHEME = "Bearer";

    private final VerifiedToken token;
    private final boolean secure;
    private final Principal principal;

    TokenSecurityContext(VerifiedToken token, boolean secure) {
        this.token = token;
        this.secure = secure;
        String name = token.username();
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

    VerifiedToken token() {
        return token;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        if (role == null) {
            return false;
        }
        if (role.equals(token.role())) {
            return true;
        }
        return RestProperties.ROLE_VIEWER.equals(role) && RestProperties.ROLE_ADMIN.equals(token.role());
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
