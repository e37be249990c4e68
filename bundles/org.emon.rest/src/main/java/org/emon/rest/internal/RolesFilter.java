package org.emon.rest.internal;

import java.util.Arrays;
import java.util.List;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.SecurityContext;

import org.emon.api.rest.ApiException;

/**
 * The role check of one resource method marked {@code @RolesAllowed} (or {@code @DenyAll}): runs
 * after the authentication filter, which has already refused requests without a valid token, and
 * answers 403 naming the role when the caller has none of them.
 */
@Priority(Priorities.AUTHORIZATION)
final class RolesFilter implements ContainerRequestFilter {

    private final List<String> roles;

    /** @param roles the roles of which the caller needs one; empty: nobody may call (DenyAll) */
    RolesFilter(String... roles) {
        this.roles = List.copyOf(Arrays.asList(roles));
    }

    @Override
    public void filter(ContainerRequestContext request) {
        SecurityContext security = request.getSecurityContext();
        if (security == null || security.getUserPrincipal() == null) {
            // only a @Public method can get here without a user: a role still needs one
            throw new ApiException(401, "authentication required: send a token from /api/login");
        }
        if (roles.stream().noneMatch(security::isUserInRole)) {
            throw ApiException.forbidden(roles.isEmpty() ? "forbidden: nobody may call this"
                    : String.format(ApiException.NEEDS_ROLE, String.join(" or ", roles)));
        }
    }

    List<String> roles() {
        return roles;
    }
}
