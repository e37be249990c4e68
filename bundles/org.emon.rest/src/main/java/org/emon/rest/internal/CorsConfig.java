package org.emon.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "emon REST CORS", description = "Which web pages on other origins may call the REST API"
        + " from a browser (file etc/org.emon.rest.cors.cfg). Off while allowed.origins is empty.")
@interface CorsConfig {

    @AttributeDefinition(name = "Allowed origins", description = "Origins as scheme://host[:port], e.g."
            + " https://dashboard.example.org, comma separated; * for any origin; empty: CORS off", required = false)
    String[] allowed_origins() default {};

    @AttributeDefinition(name = "Allowed methods", description = "Methods a page may use")
    String[] allowed_methods() default { "GET", "POST", "PUT", "DELETE" };

    @AttributeDefinition(name = "Allowed headers", description = "Request headers a page may send")
    String[] allowed_headers() default { "Authorization", "X-Access-Token", "Content-Type", "Accept" };

    @AttributeDefinition(name = "Exposed headers", description = "Response headers a page may read")
    String[] exposed_headers() default { "Location", "Link", "Retry-After", "WWW-Authenticate" };

    @AttributeDefinition(name = "Preflight cache (s)", description = "How long a browser may reuse a preflight answer")
    int max_age() default 600;
}
