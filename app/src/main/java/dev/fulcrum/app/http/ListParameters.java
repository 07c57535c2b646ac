package dev.fulcrum.app.http;

import dev.fulcrum.model.InvalidException;
import io.javalin.http.Context;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The query of a list request: {@code ?page=2&per_page=50} (the seed's names) or {@code ?after=<name>&per_page=50}
 * (keyset paging, for deep pages), {@code ?<field>=<value>} filters, and {@code ?include=<what>[,<what>]} (see
 * {@link ListIncludes}). Without paging parameters the whole list is returned, as Pivot does.
 */
record ListParameters(Map<String, String> filters, int page, Integer perPage, String after, List<String> include) {
    static final int MAX_PER_PAGE = 1000;
    static final int DEFAULT_PER_PAGE = 50;
    /** So that the offset, page times per_page, stays a 32-bit number. */
    static final int MAX_PAGE = 1_000_000;

    static ListParameters of(Context ctx) {
        Map<String, String> filters = new TreeMap<>();
        for (Map.Entry<String, List<String>> parameter : ctx.queryParamMap().entrySet()) {
            String key = parameter.getKey();
            if (key.equals("pretty") || key.equals("page") || key.equals("per_page") || key.equals("after")
                    || key.equals("include")) {
                continue;
            }
            if (parameter.getValue().size() != 1) {
                throw new InvalidException("give the filter '" + key + "' once");
            }
            filters.put(key, parameter.getValue().get(0));
        }
        String page = ctx.queryParam("page");
        String perPage = ctx.queryParam("per_page");
        String after = ctx.queryParam("after");
        List<String> include = include(ctx.queryParams("include"));
        if (after != null && page != null) {
            throw new InvalidException("give 'page' or 'after', not both: 'after' continues from a name, 'page' counts from the start");
        }
        if (page == null && perPage == null && after == null) {
            return new ListParameters(filters, 1, null, null, include);
        }
        return new ListParameters(filters, whole("page", page, 1, MAX_PAGE, 1),
                whole("per_page", perPage, 1, MAX_PER_PAGE, DEFAULT_PER_PAGE), after, include);
    }

    /** Paging alone ({@code page}, {@code per_page}; default 1 and 50), for lists that are always paged. */
    static ListParameters paging(Context ctx) {
        return new ListParameters(Map.of(), whole("page", ctx.queryParam("page"), 1, MAX_PAGE, 1),
                whole("per_page", ctx.queryParam("per_page"), 1, MAX_PER_PAGE, DEFAULT_PER_PAGE), null, List.of());
    }

    /**
     * {@code include=a,b} or {@code include=a&include=b}: the names, in order. An empty name or one given twice is a
     * 400, as a repeated filter is: what the client meant is not what it sent.
     */
    private static List<String> include(List<String> values) {
        Set<String> names = new LinkedHashSet<>();
        for (String value : values) {
            for (String given : value.split(",", -1)) {
                String name = given.replaceAll("^ +| +$", ""); // spaces around a name, never other characters
                if (name.isEmpty()) {
                    throw new InvalidException("'include' needs a name, such as include=status");
                }
                if (!names.add(name)) {
                    throw new InvalidException("give the include '" + QueryParameters.clip(name) + "' once");
                }
            }
        }
        return List.copyOf(names);
    }

    boolean isPlain() {
        return filters.isEmpty() && perPage == null;
    }

    private static int whole(String name, String text, int min, int max, int absent) {
        if (text == null) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidException("'" + name + "' must be a whole number from " + min + " to " + max + ", not '" + QueryParameters.clip(text) + "'");
    }
}
