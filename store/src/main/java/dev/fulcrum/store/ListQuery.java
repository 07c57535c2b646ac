package dev.fulcrum.store;

import java.util.Map;

/**
 * Which documents of a resource to list: those whose filterable fields have these values, sorted by
 * name, {@code limit} of them (a null limit means all) from {@code offset}, or, when {@code after} is set,
 * the first ones whose name sorts after it (keyset paging: as fast on the last page as on the first).
 */
public record ListQuery(Map<String, String> filters, int offset, Integer limit, String after) {
    public static final ListQuery ALL = new ListQuery(Map.of(), 0, null, null);

    public ListQuery {
        filters = Map.copyOf(filters);
    }
}
