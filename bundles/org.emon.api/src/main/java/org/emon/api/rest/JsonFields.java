package org.emon.api.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a resource method's body parameter of type {@code com.fasterxml.jackson.databind.node.ObjectNode}:
 * the only fields the object may have. Any other field is refused with 400 naming it, so a typo
 * ({@code "imuplsesPerUnit"}) is not silently ignored.
 *
 * <p>Every {@code ObjectNode} body is read strictly, with or without this annotation: the
 * {@code Content-Type} must be JSON (else 415), the body a single JSON object (else 400) with no
 * duplicate field and nothing after it, within the method's {@link BodyLimit} (else 413).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface JsonFields {

    /** The allowed field names. */
    String[] value();
}
