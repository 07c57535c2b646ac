package dev.fulcrum.app.http;

import dev.fulcrum.model.Kind;
import dev.fulcrum.model.NotFoundException;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The handler of each kind, found by the {@code {resource}} segment of the path; an unknown one is 404. */
final class ResourceRoutes {
    private final Map<String, ResourceHandler> byResource;

    ResourceRoutes(List<Kind> kinds, Function<Kind, ResourceHandler> handlerOf) {
        this.byResource = kinds.stream().collect(Collectors.toUnmodifiableMap(Kind::resource, handlerOf));
    }

    ResourceHandler forPath(Context ctx) {
        ResourceHandler handler = byResource.get(ctx.pathParam("resource"));
        if (handler == null) {
            throw new NotFoundException();
        }
        return handler;
    }
}
