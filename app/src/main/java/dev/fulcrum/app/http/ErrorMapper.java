package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.engine.ImportRefusedException;
import dev.fulcrum.model.BusyException;
import dev.fulcrum.model.ConflictException;
import dev.fulcrum.model.FieldError;
import dev.fulcrum.model.ForbiddenException;
import dev.fulcrum.model.FulcrumException;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.NotFoundException;
import dev.fulcrum.model.PreconditionFailedException;
import dev.fulcrum.model.TooLargeException;
import dev.fulcrum.model.TooManyAttemptsException;
import dev.fulcrum.model.UnauthorizedException;
import dev.fulcrum.store.StoreBusyException;
import dev.fulcrum.store.StoreRejectedValueException;
import dev.fulcrum.store.StoreUnavailableException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP responses: {@code {"error": "..."}}, with {@code details}
 * for field problems. An unexpected fault is logged under the request's id ({@link RequestIds}) and the client
 * gets only that id.
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    static void handle(Exception exception, Context ctx) {
        if (exception instanceof FulcrumException known) {
            if (known instanceof TooManyAttemptsException throttled) {
                ctx.header("Retry-After", String.valueOf(throttled.retryAfterSeconds()));
            } else if (known instanceof BusyException busy) {
                ctx.header("Retry-After", String.valueOf(busy.retryAfterSeconds()));
            } else if (known instanceof UnauthorizedException) {
                ctx.header(ApiGate.CHALLENGE_HEADER, ApiGate.CHALLENGE);
            }
            send(ctx, statusOf(known), known);
        } else if (exception instanceof StoreRejectedValueException) {
            send(ctx, 400, exception.getMessage());
        } else if (exception instanceof StoreBusyException) {
            LOG.warn("write refused on {} {}: {}", ctx.method(), ctx.path(), exception.getMessage());
            ctx.header("Retry-After", "1");
            send(ctx, 503, exception.getMessage());
        } else if (exception instanceof StoreUnavailableException) {
            LOG.warn("state database unavailable on {} {}: {}", ctx.method(), ctx.path(), exception.getMessage());
            send(ctx, 503, "the state database is unavailable; try again shortly");
        } else if (exception instanceof HttpResponseException http) {
            send(ctx, http.getStatus(), http.getStatus() == 413 ? "the request body is too large" : http.getMessage());
        } else {
            String id = RequestIds.of(ctx);
            LOG.error("internal error {} on {} {}", id, ctx.method(), ctx.path(), exception);
            send(ctx, 500, "internal error; reference " + id + " in the server log");
        }
    }

    static void send(Context ctx, int status, String message) {
        JsonResponses.send(ctx, status, body(message, RequestIds.of(ctx)));
    }

    /**
     * Every error's body, whoever answers it (this mapper, {@link ApiDoor}, {@link JsonErrorHandler}):
     * {@code {"error": "...", "requestId": "..."}}, the id the answer's {@code X-Request-Id} carries, so that a
     * client's report of an error can be found in the log and the audit log.
     */
    static ObjectNode body(String message, String requestId) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("error", message);
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        return body;
    }

    private static void send(Context ctx, int status, FulcrumException exception) {
        ObjectNode body = body(exception.getMessage(), RequestIds.of(ctx));
        if (exception instanceof PreconditionFailedException stale && stale.currentJson() != null) {
            body.set(stale.wrapper(), Json.parseStored(stale.currentJson()));
        }
        if (exception instanceof ConflictException conflict && !conflict.dependents().isEmpty()) {
            ArrayNode usedBy = body.putArray("usedBy");
            conflict.dependents().forEach(dependent ->
                    usedBy.addObject().put("resource", dependent.resource()).put("name", dependent.name()));
        }
        List<FieldError> problems = exception instanceof InvalidException invalid ? invalid.details()
                : exception instanceof ImportRefusedException refused ? refused.details() : List.of();
        if (!problems.isEmpty()) {
            ArrayNode details = body.putArray("details");
            for (FieldError error : problems) {
                details.addObject().put("path", error.path()).put("message", error.message());
            }
        }
        JsonResponses.send(ctx, status, body);
    }

    private static int statusOf(FulcrumException exception) {
        if (exception instanceof InvalidException) {
            return 400;
        } else if (exception instanceof ImportRefusedException refused) {
            return refused.invalid() ? 400 : 409;
        } else if (exception instanceof UnauthorizedException) {
            return 401;
        } else if (exception instanceof ForbiddenException) {
            return 403;
        } else if (exception instanceof NotFoundException) {
            return 404;
        } else if (exception instanceof ConflictException) {
            return 409;
        } else if (exception instanceof TooLargeException) {
            return 413;
        } else if (exception instanceof PreconditionFailedException) {
            return 412;
        } else if (exception instanceof TooManyAttemptsException) {
            return 429;
        } else if (exception instanceof BusyException) {
            return 503;
        }
        return 400;
    }
}
