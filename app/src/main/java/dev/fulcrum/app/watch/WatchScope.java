package dev.fulcrum.app.watch;

/**
 * What a stream is about: every kind ({@code GET /api/v1/watch}), one kind ({@code ?watch=true} on its list) or one
 * document ({@code ?watch=true} on it). Permissions apply on top, per event.
 *
 * @param resource the kind's resource, null for every kind
 * @param name the document's name, null for every document of the kind
 */
public record WatchScope(String resource, String name) {
    public static final WatchScope EVERYTHING = new WatchScope(null, null);

    public static WatchScope kind(String resource) {
        return new WatchScope(resource, null);
    }

    public static WatchScope document(String resource, String name) {
        return new WatchScope(resource, name);
    }

    boolean covers(String eventResource, String eventName) {
        return (resource == null || resource.equals(eventResource)) && (name == null || name.equals(eventName));
    }
}
