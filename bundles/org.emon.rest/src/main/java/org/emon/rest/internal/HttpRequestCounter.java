package org.emon.rest.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;

import org.emon.api.rest.RestProperties;
import org.osgi.service.component.annotations.Component;

/**
 * Counts the REST application's answers by status code, refusals included (they are mapped to
 * responses before response filters run). Registered as an extension so that every rebuilt
 * application shares this one count.
 */
@Component(service = { HttpRequestCounter.class, ContainerResponseFilter.class }, property = RestProperties.EXTENSION + "=true")
@Priority(Priorities.USER)
public final class HttpRequestCounter implements ContainerResponseFilter {

    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        byStatus.computeIfAbsent(response.getStatus(), s -> new LongAdder()).increment();
    }

    /** Answers so far by status code, in ascending order of code. */
    public Map<Integer, Long> byStatus() {
        Map<Integer, Long> copy = new TreeMap<>();
        byStatus.forEach((status, count) -> copy.put(status, count.sum()));
        return copy;
    }
}
