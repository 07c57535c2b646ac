package dev.fulcrum.app.http;

import io.javalin.http.Context;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Base64;
import java.util.Enumeration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an id, so that a user's report can be found in the log: the client's (or its proxy's)
 * {@code X-Request-Id} when there is one and it is well-formed (1 to 64 of {@code A-Z a-z 0-9 . _ -}; anything else
 * is ignored, never echoed), else a new random one. The id is answered in {@code X-Request-Id}, kept on the request
 * for audit entries and the reference of a 500, and put in the logging context while the request runs, so that every
 * log line of the request names it ({@code %X{requestId}} in LogSetup). It runs before every other filter and writes
 * the request's {@link AccessLog} line when one is kept. The {@link ApiDoor}, in front of the servlet layer, gives the
 * requests it refuses their ids by the same rule ({@link #idOf}).
 */
final class RequestIds implements Filter {
    static final String HEADER = "X-Request-Id";
    /** The request attribute that holds the id. */
    static final String ATTRIBUTE = "fulcrum.requestId";
    /** The key of the logging context (MDC) that holds the id while the request runs. */
    static final String LOG_KEY = "requestId";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();
    private final AccessLog accessLog;

    /** @param accessLog the access log, or null when none is kept */
    RequestIds(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse out = (HttpServletResponse) response;
        String id = idOf(http.getHeaders(HEADER));
        http.setAttribute(ATTRIBUTE, id);
        out.setHeader(HEADER, id);
        MDC.put(LOG_KEY, id);
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (accessLog != null) {
                accessLog.record(id, http, out.getStatus(), System.nanoTime() - started);
            }
            MDC.remove(LOG_KEY);
        }
    }

    /** The id a request with these {@code X-Request-Id} headers gets: the one given if it is well-formed, else a new one. */
    static String idOf(Enumeration<String> given) {
        if (given != null && given.hasMoreElements()) {
            String first = given.nextElement();
            if (!given.hasMoreElements() && first != null && WELL_FORMED.matcher(first).matches()) {
                return first;
            }
        }
        return generate();
    }

    /** A new id: 96 random bits in 16 URL-safe characters (an id is no secret: it needs to be unique, not unguessable). */
    static String generate() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return URL_SAFE.encodeToString(bytes);
    }

    /** The id of the request {@code ctx} serves. */
    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id != null ? id : generate();
    }
}
