package dev.fulcrum.app.http;

import dev.fulcrum.app.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty raises itself, before a request reaches Javalin (a malformed request, a URI or headers too
 * long, an ambiguous path such as {@code ..;} or {@code %00}), in the API's shape: {@code {"error": "..."}}
 * as JSON, never Jetty's HTML page. Jetty's own reason is kept (it names no client text), clipped. They carry an
 * {@code X-Request-Id} like every answer: the request's, or one made here when {@link RequestIds} never saw it (a
 * request Jetty refuses while parsing it reaches this handler without its headers).
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(JSON);
        Object known = request.getAttribute(RequestIds.ATTRIBUTE);
        String id = known instanceof String given ? given : RequestIds.idOf(request.getHeaders().getValues(RequestIds.HEADER));
        response.getHeaders().put(RequestIds.HEADER, id);
        response.write(true, body(code, message, id), callback);
    }

    private static ByteBuffer body(int code, String message, String id) {
        String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        if (reason.length() > 200) {
            reason = reason.substring(0, 200);
        }
        String json = ErrorMapper.body(reason, id).toString();
        return ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
    }
}
