package dev.fulcrum.store;

import java.util.Map;

/**
 * Which documents of a resource to list: those whose filterable fields have these values, sorted by
 * name, {@code limit} of them from {@code offset} (a null limit means all).
 */
public record ListQuery(Map<String, String> filters, int offset, Integer limit) {
    public static final ListQuery ALL = new ListQuery(Map.of(), 0, null);

    public ListQuery {
        filters = Map.copyOf(filters);
    }
}
