package dev.fulcrum.store.internal;

import dev.fulcrum.store.ListQuery;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link DocumentListDao#page} and {@link DocumentListDao#count} need of a {@link ListQuery}: which of the DAO's
 * fragments to define, and the values to bind (the count binds the filters' only).
 */
record ListStatement(String joins, String after, String page, Map<String, Object> filterValues,
                     Map<String, Object> pageValues) {

    static ListStatement of(ListQuery query) {
        StringBuilder joins = new StringBuilder();
        Map<String, Object> filterValues = new LinkedHashMap<>();
        int index = 0;
        for (Map.Entry<String, String> filter : new TreeMap<>(query.filters()).entrySet()) {
            joins.append(String.format(DocumentListDao.FILTER_JOIN, index)); // an index: no caller's text
            filterValues.put("field" + index, filter.getKey());
            filterValues.put("value" + index, filter.getValue());
            index++;
        }
        Map<String, Object> pageValues = new LinkedHashMap<>(filterValues);
        String after = "";
        if (query.after() != null) {
            after = DocumentListDao.AFTER;
            pageValues.put("after", query.after());
        }
        String page = "";
        if (query.limit() != null) {
            pageValues.put("limit", query.limit());
            if (query.after() == null) {
                page = DocumentListDao.LIMIT_OFFSET;
                pageValues.put("offset", query.offset());
            } else {
                page = DocumentListDao.LIMIT; // the keyset replaces the offset
            }
        }
        return new ListStatement(joins.toString(), after, page, filterValues, pageValues);
    }
}
