package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.metrics.RequestMeters;
import dev.fulcrum.model.FulcrumException;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.UnauthorizedException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.MDC;

/**
 * Refuses, before the servlet layer, the /api/v1 requests whose token cannot be any token: none sent, one without a
 * token's shape and checksum, or two different ones ({@link PresentedToken}: a 400). Such a refusal needs no lookup,
 * so it is answered here with exactly what the {@link ApiGate} would answer (the same body, {@code ?pretty}
 * included, the same headers, the request's id as {@link RequestIds} gives it) and a 401 is recorded in the audit
 * log the same way, without the servlet request, its filters, the routing, the exception and the after-handlers of a
 * full request: a flood of bad tokens costs less than a request the router serves. A Jetty handler rather than a
 * servlet filter because the servlet layer was most of a refusal's cost (bench/RESULTS.md: +37-43% refusals a second
 * for an answer of the same size). A token that looks right goes on to the servlet, whose gate looks it up. The door
 * only refuses; whatever it lets through, the gate checks in full. With metrics on, a refusal is counted as the
 * gate's are (by reason) and timed as a request of the route {@link RequestMeters#NOT_ROUTED}; with the access log
 * on, it has its line (route {@code -}).
 */
final class ApiDoor extends Handler.Wrapper {
    private final boolean apiEnabled;
    private final ClientAddresses addresses;
    private final AuditHandler audit;
    private final RequestMeters meters;
    private final AccessLog accessLog;

    /** @param accessLog the access log, or null when none is kept */
    ApiDoor(boolean apiEnabled, ClientAddresses addresses, AuditHandler audit, RequestMeters meters,
            AccessLog accessLog) {
        this.apiEnabled = apiEnabled;
        this.addresses = addresses;
        this.audit = audit;
        this.meters = meters;
        this.accessLog = accessLog;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        String path = request.getHttpURI().getPath();
        FulcrumException refused;
        int status = 401;
        try {
            refused = !apiEnabled || path == null || !path.startsWith(ApiGate.PREFIX)
                    || ApiGate.isPublic(request.getMethod(), path) ? null
                    : ApiGate.refusalWithoutLookup(PresentedToken.of(request.getHeaders()::getValues));
        } catch (InvalidException conflicting) {
            refused = conflicting; // two different tokens: a client's mistake, refused as such
            status = 400;
        }
        if (refused == null) {
            return super.handle(request, response, callback);
        }
        String id = RequestIds.idOf(request.getHeaders().getValues(RequestIds.HEADER));
        MDC.put(RequestIds.LOG_KEY, id); // any line logged while refusing names the request
        try {
            refuse(request, response, callback, refused, status, id);
        } finally {
            MDC.remove(RequestIds.LOG_KEY);
        }
        if (refused instanceof UnauthorizedException unauthorized) {
            meters.tokenRefused(unauthorized.reason());
        }
        long took = System.nanoTime() - start;
        meters.request(request.getMethod(), RequestMeters.NOT_ROUTED, status, took);
        if (accessLog != null) {
            accessLog.refused(id, request.getMethod(), status, took);
        }
        return true;
    }

    private void refuse(Request request, Response response, Callback callback, FulcrumException refused, int status,
                        String id) {
        byte[] bytes = body(refused.getMessage(), id, wantsPretty(request.getHttpURI().getQuery()));
        // recorded before the answer leaves, as the gate's refusals are (a client that saw the 401 finds its entry); a
        // 400 for two different tokens is not, like any malformed request: neither token was looked up
        if (status == 401) {
            audit.recordRefusedAtTheDoor(addresses.of(Request.getRemoteAddr(request),
                    request.getHeaders().get(ClientAddresses.FORWARDED_FOR)), request.getMethod(),
                    request.getHttpURI().getPath(), status, id);
        }
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(RequestIds.HEADER, id);
        // as the servlet layer spells and orders the gate's (application/json;charset=utf-8), one field made once
        headers.put(MimeTypes.Type.APPLICATION_JSON_UTF_8.getContentTypeField());
        if (status == 401) {
            headers.put(ApiGate.CHALLENGE_HEADER, ApiGate.CHALLENGE);
        }
        headers.put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /** Where a body made once for a message takes the request's id: characters no message of the door's has. */
    private static final String ID_MARK = "__fulcrum-request-id__";
    /** The most messages whose bodies are kept (the door has a handful; others are written each time). */
    private static final int KEPT_MESSAGES = 64;
    private static final ConcurrentHashMap<String, byte[][]> COMPACT = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, byte[][]> PRETTY = new ConcurrentHashMap<>();

    /**
     * The answer's body, {@link ErrorMapper#body} as Jackson writes it ({@code ?pretty} as {@link JsonResponses} does),
     * made once a message with a mark where the id goes, the request's id spliced in at each refusal: byte for byte
     * the same, as an id has only characters JSON writes as they are ({@link RequestIds}: letters, digits, {@code
     * ._-}). Jackson writing the body was 6% of a refusal's CPU (bench/RESULTS.md, 2026-12-02).
     */
    static byte[] body(String message, String id, boolean pretty) {
        ConcurrentHashMap<String, byte[][]> kept = pretty ? PRETTY : COMPACT;
        byte[][] around = kept.get(message);
        if (around == null) {
            String marked = written(ErrorMapper.body(message, ID_MARK), pretty);
            int at = marked.indexOf(ID_MARK);
            if (at != marked.lastIndexOf(ID_MARK) || kept.size() >= KEPT_MESSAGES) {
                return written(ErrorMapper.body(message, id), pretty).getBytes(StandardCharsets.UTF_8);
            }
            around = new byte[][] {marked.substring(0, at).getBytes(StandardCharsets.UTF_8),
                    marked.substring(at + ID_MARK.length()).getBytes(StandardCharsets.UTF_8)};
            kept.putIfAbsent(message, around);
        }
        byte[] bytes = new byte[around[0].length + id.length() + around[1].length];
        System.arraycopy(around[0], 0, bytes, 0, around[0].length);
        id.getBytes(0, id.length(), bytes, around[0].length); // ASCII: one byte a character
        System.arraycopy(around[1], 0, bytes, around[0].length + id.length(), around[1].length);
        return bytes;
    }

    private static String written(ObjectNode body, boolean pretty) {
        return pretty ? Json.pretty(body) + "\n" : Json.write(body);
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
                return JsonResponses.isPretty(equals < 0 ? "" : valueOrNull(parameter.substring(equals + 1)));
            }
        }
        return false;
    }

    /** A query value decoded, or null when its escapes are malformed ({@code %zz}): Javalin then reads no value. */
    private static String valueOrNull(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
