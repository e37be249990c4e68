package org.emon.api.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The largest request body a resource method (or every method of a class) accepts, in bytes.
 * Longer bodies are refused with 413 before the method runs, from the {@code Content-Length}
 * header when the client sends one, else while reading. Without this annotation the limit is
 * {@link #DEFAULT} bytes.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface BodyLimit {

    /** The limit of a method without the annotation: ample for any JSON object a person writes. */
    int DEFAULT = 64 * 1024;

    /** Bytes; at least 1. */
    int value();
}
