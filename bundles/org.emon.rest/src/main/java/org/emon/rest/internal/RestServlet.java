package org.emon.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import javax.ws.rs.container.ContainerRequestFilter;

import org.emon.api.rest.RestProperties;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.HttpService;
import org.osgi.service.http.NamespaceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API at {@code /api/*} and the original's {@code /apiv2/*}, and {@code /metrics}: a Jersey application made of
 * every JAX-RS resource and extension registered as a service by any bundle. When that set changes
 * a new Jersey container is built and swapped in. Nothing is served without the authentication
 * filter. Registered through the HttpService rather than the whiteboard: after a hard stop the
 * whiteboard could meet the servlet before its default context and never serve it (seen at warm
 * starts: 404 until the next restart).
 */
@Component(service = {})
public final class RestServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RestServlet.class);
    /** Services usually come and go in bursts (a bundle starting): one rebuild for the burst. */
    private static final long REBUILD_DELAY_MILLIS = 50;
    private static final long MAX_RETRY_MILLIS = 10_000;
    private static final long STARTING_AT_MOST_NANOS = TimeUnit.MINUTES.toNanos(5);
    /** Registered by Karaf once its boot features are installed (named, so that no Karaf package is imported). */
    private static final String BOOT_FINISHED = "(objectClass=org.apache.karaf.features.BootFinished)";

    static final String API = PrefixFilter.API;
    static final String LEGACY_API = PrefixFilter.LEGACY_API;
    static final String METRICS = "/" + PrefixFilter.METRICS;

    private final transient ContainerRequestFilter authentication;
    private final transient HttpService http;
    private final transient ServiceTracker<Object, Object> resources;
    private final transient ServiceTracker<Object, Object> extensions;
    private final transient ContainerSwitch containers = new ContainerSwitch();
    private final transient ScheduledExecutorService rebuilder = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "emon-rest-rebuild");
        t.setDaemon(true);
        return t;
    });
    private final transient AtomicBoolean rebuildPending = new AtomicBoolean();
    private final transient ServiceTracker<Object, Object> bootFinished;
    private final long activatedNanos = System.nanoTime();
    private volatile boolean initialised;
    private int failedBuilds; // guarded by this

    @Activate
    public RestServlet(BundleContext context, @Reference HttpService http,
            @Reference(target = "(" + RestProperties.AUTHENTICATION + "=true)") ContainerRequestFilter authentication)
            throws ServletException, NamespaceException, InvalidSyntaxException {
        this.authentication = authentication;
        this.http = http;
        this.resources = track(context, "(" + RestProperties.RESOURCE + "=true)");
        this.extensions = track(context, "(&(" + RestProperties.EXTENSION + "=true)(!(" + RestProperties.AUTHENTICATION + "=true)))");
        this.bootFinished = new ServiceTracker<>(context, context.createFilter(BOOT_FINISHED), null);
        bootFinished.open(true);
        resources.open(true);
        extensions.open(true);
        http.registerServlet(API, this, null, null);
        http.registerServlet(LEGACY_API, new Delegate(this), null, null);
        http.registerServlet(METRICS, new RootDelegate(this), null, null);
    }

    /**
     * {@code /metrics}, where Prometheus looks, answered by the same application (so the same token
     * and role checks) as if the application were mounted at the root.
     */
    private static final class RootDelegate extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient RestServlet api;

        RootDelegate(RestServlet api) {
            this.api = api;
        }

        @Override
        public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
            HttpServletRequest http = (HttpServletRequest) request;
            String path = http.getServletPath() + (http.getPathInfo() == null ? "" : http.getPathInfo());
            api.service(new HttpServletRequestWrapper(http) {
                @Override
                public String getServletPath() {
                    return "";
                }

                @Override
                public String getPathInfo() {
                    return path;
                }
            }, response);
        }
    }

    /** The original's prefix, answered by the same application. */
    private static final class Delegate extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient RestServlet api;

        Delegate(RestServlet api) {
            this.api = api;
        }

        @Override
        public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
            api.service(request, response);
        }
    }

    private ServiceTracker<Object, Object> track(BundleContext context, String filter) {
        try {
            Filter f = context.createFilter(filter);
            return new ServiceTracker<>(context, f, null) {
                @Override
                public Object addingService(ServiceReference<Object> reference) {
                    Object service = super.addingService(reference);
                    requestRebuild();
                    return service;
                }

                @Override
                public void modifiedService(ServiceReference<Object> reference, Object service) {
                    requestRebuild();
                }

                @Override
                public void removedService(ServiceReference<Object> reference, Object service) {
                    super.removedService(reference, service);
                    requestRebuild();
                }
            };
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        initialised = true;
        rebuild();
    }

    @Override
    public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        if (!containers.service(request, response)) {
            HttpServletResponse http = (HttpServletResponse) response;
            http.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            http.setContentType("application/json");
            http.getWriter().write("{\"status\":503,\"message\":\"emon is starting\"}");
        }
    }

    private void requestRebuild() {
        requestRebuild(REBUILD_DELAY_MILLIS);
    }

    private void requestRebuild(long delayMillis) {
        if (initialised && rebuildPending.compareAndSet(false, true)) {
            rebuilder.schedule(() -> {
                rebuildPending.set(false);
                rebuild();
            }, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Builds a container from the services registered now and swaps it in. A failure keeps the old
     * one and is retried with back-off: at start-up Jersey's own services (injection, JSON) can be
     * missing for a moment while their bundles start.
     */
    private synchronized void rebuild() {
        if (!initialised) {
            return;
        }
        if (!jerseyActive()) {
            requestRebuild(REBUILD_DELAY_MILLIS);
            return;
        }
        List<Object> components = new ArrayList<>();
        components.addAll(List.of(resources.getServices(new Object[0])));
        components.addAll(List.of(extensions.getServices(new Object[0])));
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // Jersey looks up its own services (injection, JSON) through the context class loader.
        Thread.currentThread().setContextClassLoader(RestServlet.class.getClassLoader());
        try {
            ServletContainer container = new ServletContainer(application(components));
            container.init(getServletConfig());
            containers.install(container);
            failedBuilds = 0;
            LOG.info("REST API serving {} resources and {} extensions", resources.size(), extensions.size());
        } catch (RuntimeException | ServletException e) {
            long retryMillis = Math.min(MAX_RETRY_MILLIS, REBUILD_DELAY_MILLIS << Math.min(failedBuilds, 10));
            failedBuilds++;
            if (failedBuilds == 1 || retryMillis == MAX_RETRY_MILLIS) {
                LOG.warn("REST API not updated: the new set of resources fails to start ({}); the previous set keeps serving; retrying in {} ms",
                        e, retryMillis, e);
            }
            requestRebuild(retryMillis);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private ResourceConfig application(List<Object> components) {
        return application(authentication, components, this::starting);
    }

    /**
     * Until Karaf has installed its boot features (it then registers BootFinished), the resources of
     * bundles still starting are missing; at most {@link #STARTING_AT_MOST_NANOS} after this servlet
     * came, so that outside Karaf, or should the boot fail, a missing path becomes a 404 again.
     */
    private boolean starting() {
        return bootFinished.isEmpty() && System.nanoTime() - activatedNanos < STARTING_AT_MOST_NANOS;
    }

    /**
     * The application: JSON by Jackson, every error as JSON, the prefix rule, the authentication
     * filter, role checks and body limits as methods declare them, the strict JSON object reader,
     * then the resources and extensions of all bundles.
     */
    public static ResourceConfig application(ContainerRequestFilter authentication, List<Object> components) {
        return application(authentication, components, () -> false);
    }

    /** The application, whose unknown paths are "starting" (503) while {@code starting} says so. */
    static ResourceConfig application(ContainerRequestFilter authentication, List<Object> components, BooleanSupplier starting) {
        ResourceConfig config = new ResourceConfig();
        config.setApplicationName("emon");
        config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        config.property(ServerProperties.BV_FEATURE_DISABLE, true);
        // our exception mapper's JSON body, not the container's error page
        config.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        // Jackson's own mappers would answer malformed JSON in plain text; ours answers it as JSON
        config.register(JacksonFeature.withoutExceptionMappers());
        config.register(new JsonExceptionMapper(starting));
        config.register(new ErrorBodyFilter());
        config.register(new PrefixFilter());
        config.register(authentication);
        // what resources declare: roles, body limits; and their JSON object bodies, read strictly
        config.register(new AnnotationsFeature());
        config.register(new JsonObjectReader());
        components.forEach(config::register);
        return config;
    }

    /**
     * Jersey hooks its look-up of services across bundles (injection, parameters, JSON) into OSGi
     * once, when first used, and only if jersey-common is active by then; used earlier (a warm
     * start can start this bundle first), it never finds them. So nothing of Jersey is touched
     * before jersey-common is active.
     */
    private static boolean jerseyActive() {
        Bundle jersey = FrameworkUtil.getBundle(CommonProperties.class);
        return jersey == null || jersey.getState() == Bundle.ACTIVE;
    }

    @Deactivate
    void deactivate() {
        for (String alias : new String[] { API, LEGACY_API, METRICS }) {
            try {
                http.unregister(alias);
            } catch (IllegalArgumentException alreadyGone) {
                // the HTTP service dropped it (e.g. it is stopping itself)
            }
        }
        initialised = false;
        rebuilder.shutdownNow();
        resources.close();
        extensions.close();
        bootFinished.close();
        containers.close();
    }

}
