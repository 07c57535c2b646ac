package dev.fulcrum.app.engine;

import dev.fulcrum.app.Json;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Registry;
import dev.fulcrum.store.DocumentStore;
import dev.fulcrum.store.MetaStore;
import dev.fulcrum.store.StoredDocument;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The index of filterable field values that list filters read. Every write keeps it in step; this rebuilds it
 * when the set of filterable fields changed since the database was last indexed (a new version of Fulcrum).
 */
public final class FilterIndex {
    private static final String META_KEY = "filter-fields";

    private FilterIndex() {
    }

    /** Rebuilds the index at start when the kinds' filterable fields are not those it was built for. */
    public static void refresh(Registry kinds, DocumentStore store, MetaStore meta) {
        String signature = signature(kinds);
        if (meta.get(META_KEY).map(signature::equals).orElse(false)) {
            return;
        }
        for (Kind kind : kinds.all()) {
            for (StoredDocument document : store.list(kind.resource())) {
                store.inTransaction(tx -> {
                    tx.replaceFieldValues(kind.resource(), document.name(),
                            DocumentWriter.filterValues(kind, Json.parseStored(document.body())));
                    return null;
                });
            }
        }
        meta.put(META_KEY, signature);
    }

    /** What identifies the filterable fields of every kind. */
    static String signature(Registry kinds) {
        return kinds.all().stream().map(kind -> kind.resource() + "=" + new TreeSet<>(kind.strategy().filterFields()))
                .collect(Collectors.joining(";"));
    }
}
