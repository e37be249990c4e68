package org.emon.rest.internal;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;

import javax.annotation.security.DenyAll;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.container.DynamicFeature;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.FeatureContext;

import org.emon.api.rest.BodyLimit;
import org.emon.api.rest.Public;
import org.emon.api.rest.RestProperties;

/**
 * Turns what a resource method declares into its checks, once per method when the container is
 * built: {@code @RolesAllowed}/{@code @DenyAll} into a {@link RolesFilter}, {@link BodyLimit} (or the
 * default) into a {@link BodyLimitInterceptor}. A method's annotation wins over its class's. A
 * method that is neither public nor declares roles needs the viewer role: so an API token limited to
 * ingest or metrics reaches only the methods that name its role.
 */
final class AnnotationsFeature implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        Class<?> type = resource.getResourceClass();
        if (method == null || type == null) {
            return;
        }
        RolesFilter roles = roles(method, type);
        if (roles != null) {
            context.register(roles);
        }
        context.register(new BodyLimitInterceptor(bodyLimit(method, type)));
    }

    static RolesFilter roles(Method method, Class<?> type) {
        for (AnnotatedElement element : new AnnotatedElement[] { method, type }) {
            if (element.isAnnotationPresent(DenyAll.class)) {
                return new RolesFilter();
            }
            RolesAllowed allowed = element.getAnnotation(RolesAllowed.class);
            if (allowed != null) {
                return new RolesFilter(allowed.value());
            }
        }
        boolean isPublic = method.isAnnotationPresent(Public.class) || type.isAnnotationPresent(Public.class);
        return isPublic ? null : new RolesFilter(RestProperties.ROLE_VIEWER);
    }

    static int bodyLimit(Method method, Class<?> type) {
        BodyLimit limit = method.getAnnotation(BodyLimit.class);
        if (limit == null) {
            limit = type.getAnnotation(BodyLimit.class);
        }
        return limit == null ? BodyLimit.DEFAULT : Math.max(1, limit.value());
    }
}
