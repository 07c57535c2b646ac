package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.metrics.RequestMeters;
import dev.fulcrum.model.FulcrumException;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.UnauthorizedException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses, before the router, the /api/v1 requests whose token cannot be any token: none sent, one without a
 * token's shape and checksum, or two different ones ({@link PresentedToken}: a 400). Such a refusal needs no lookup,
 * so it is answered here with exactly what the {@link ApiGate} would answer (the same body, {@code ?pretty}
 * included) and a 401 is recorded in the audit log the same way, without the routing, the exception and the
 * after-handlers of a full request: a flood of bad tokens costs less than a request the router serves. A token that
 * looks right goes on to the gate, which looks it up. The door only refuses; whatever it lets through, the gate
 * checks in full. With metrics on, a refusal is counted as the gate's are (by reason) and timed as a request of the
 * route {@link RequestMeters#NOT_ROUTED}.
 */
final class ApiDoor implements Filter {
    private static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private final boolean apiEnabled;
    private final ClientAddresses addresses;
    private final AuditHandler audit;
    private final RequestMeters meters;

    ApiDoor(boolean apiEnabled, ClientAddresses addresses, AuditHandler audit, RequestMeters meters) {
        this.apiEnabled = apiEnabled;
        this.addresses = addresses;
        this.audit = audit;
        this.meters = meters;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        HttpServletRequest http = (HttpServletRequest) request;
        String path = http.getRequestURI();
        FulcrumException refused;
        int status = 401;
        try {
            refused = !apiEnabled || !path.startsWith(ApiGate.PREFIX) || path.equals(ApiGate.PUBLIC_DESCRIPTION) ? null
                    : ApiGate.refusalWithoutLookup(PresentedToken.of(http::getHeaders));
        } catch (InvalidException conflicting) {
            refused = conflicting; // two different tokens: a client's mistake, refused as such
            status = 400;
        }
        if (refused == null) {
            chain.doFilter(request, response);
            return;
        }
        ObjectNode body = ErrorMapper.body(refused.getMessage(), (String) http.getAttribute(RequestIds.ATTRIBUTE));
        boolean wantsPretty = wantsPretty(http.getQueryString());
        byte[] bytes = (wantsPretty ? Json.pretty(body) + "\n" : Json.write(body)).getBytes(StandardCharsets.UTF_8);
        // recorded before the answer leaves, as the gate's refusals are (a client that saw the 401 finds its entry); a
        // 400 for two different tokens is not, like any malformed request: neither token was looked up
        if (status == 401) {
            audit.recordRefusedAtTheDoor(addresses.of(http), http.getMethod(), path, status,
                    (String) http.getAttribute(RequestIds.ATTRIBUTE));
        }
        HttpServletResponse out = (HttpServletResponse) response;
        out.setStatus(status);
        if (status == 401) {
            out.setHeader(ApiGate.CHALLENGE_HEADER, ApiGate.CHALLENGE);
        }
        out.setContentType(CONTENT_TYPE);
        out.setContentLength(bytes.length);
        out.getOutputStream().write(bytes);
        if (refused instanceof UnauthorizedException unauthorized) {
            meters.tokenRefused(unauthorized.reason());
        }
        meters.request(http.getMethod(), RequestMeters.NOT_ROUTED, status, System.nanoTime() - start);
    }

    /**
     * {@code ?pretty} as {@link JsonResponses} reads it, from the query string alone (never the body, which a
     * refused request does not get to have read).
     */
    static boolean wantsPretty(String query) {
        if (query == null) {
            return false;
        }
        for (String parameter : query.split("&")) {
            int equals = parameter.indexOf('=');
            String key = ApiGate.decode(equals < 0 ? parameter : parameter.substring(0, equals));
            if (key.equals("pretty")) {
                return JsonResponses.isPretty(equals < 0 ? "" : ApiGate.decode(parameter.substring(equals + 1)));
            }
        }
        return false;
    }
}
