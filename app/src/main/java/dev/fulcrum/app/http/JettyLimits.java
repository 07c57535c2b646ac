package dev.fulcrum.app.http;

import io.javalin.config.JavalinConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import org.eclipse.jetty.server.LowResourceMonitor;

/**
 * The web server's own defences, set in one place. A client that sends an API body slower than
 * {@link #MIN_REQUEST_BYTES_PER_SECOND} (after {@link #BODY_GRACE_MILLIS}) is cut off at its next byte with a 408
 * ({@link RequestBodies#read}), and a blocked read waits at most {@link #BLOCKING_IDLE_MILLIS}. (Not Jetty's own
 * minimum data rate: it counts from the first byte, so a small body that a loaded server read late was a 408.) So that a crowd of such
 * clients cannot hold every thread meanwhile, Jetty's low-resources monitor closes connections idle for
 * {@link #LOW_RESOURCES_IDLE_MILLIS} whenever the thread pool runs low. Jetty's own errors are JSON
 * ({@link JsonErrorHandler}), and {@code X-HTTP-Method-Override} never changes what a request is.
 */
final class JettyLimits {
    static final long MIN_REQUEST_BYTES_PER_SECOND = 1024;
    static final long BODY_GRACE_MILLIS = 2_000;
    static final long BLOCKING_IDLE_MILLIS = 10_000;
    static final int LOW_RESOURCES_IDLE_MILLIS = 200;
    private static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";
    private static final String WEBSOCKET_VERSION = "Sec-WebSocket-Version";

    private JettyLimits() {
    }

    static void apply(JavalinConfig config) {
        config.jetty.modifyHttpConfiguration(http -> {
            http.setIdleTimeout(BLOCKING_IDLE_MILLIS);
        });
        config.jetty.modifyServer(server -> {
            server.setErrorHandler(new JsonErrorHandler());
            LowResourceMonitor monitor = new LowResourceMonitor(server);
            monitor.setPeriod(100);
            monitor.setLowResourcesIdleTimeout(LOW_RESOURCES_IDLE_MILLIS);
            monitor.setMonitorThreads(true);
            monitor.setAcceptingInLowResources(true);
            server.addBean(monitor);
        });
        config.jetty.modifyServletContextHandler(handler -> {
            handler.setErrorHandler(new JsonErrorHandler());
            handler.addFilter(hideFromJavalin(METHOD_OVERRIDE), "/*", EnumSet.of(DispatcherType.REQUEST));
            handler.addFilter(hideFromJavalin(WEBSOCKET_VERSION), "/*", EnumSet.of(DispatcherType.REQUEST));
        });
    }

    /**
     * A request as if it had no {@code header}. Javalin takes a request's method from X-HTTP-Method-Override when
     * present; the real method is what counts. And it takes a request with Sec-WebSocket-Version down its WebSocket
     * upgrade path, before any route or the gate: Fulcrum has no WebSocket routes, and that path made a servlet
     * session for every such request, never released (a heap filled without a token: `ApiDoorTest`). Without
     * the header it is an HTTP request like any other, answered as one.
     */
    private static Filter hideFromJavalin(String header) {
        return (request, response, chain) -> {
            HttpServletRequest http = (HttpServletRequest) request;
            chain.doFilter(http.getHeader(header) == null ? request : new HttpServletRequestWrapper(http) {
                @Override
                public String getHeader(String name) {
                    return header.equalsIgnoreCase(name) ? null : super.getHeader(name);
                }

                @Override
                public Enumeration<String> getHeaders(String name) {
                    return header.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
                }

                @Override
                public Enumeration<String> getHeaderNames() {
                    return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                            .filter(name -> !header.equalsIgnoreCase(name)).toList());
                }
            }, response);
        };
    }
}
