package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Names;
import dev.fulcrum.model.NotFoundException;
import dev.fulcrum.store.DocumentKey;
import dev.fulcrum.store.DocumentPage;
import dev.fulcrum.store.DocumentStore;
import dev.fulcrum.store.ListQuery;
import dev.fulcrum.store.StoredDocument;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every read of stored documents, by kind (never by a resource string): the engine's read side, for the API, tokens,
 * accounts and the monitor alike. Built from the store alone, so the CLI's token commands need no secret key.
 * Reads see public forms only; secrets are read through {@link ResourceEngine#withSecrets}.
 */
public final class DocumentReads {
    private final DocumentStore store;

    public DocumentReads(DocumentStore store) {
        this.store = store;
    }

    /** The stored document (public JSON, version, times), if any; a name no document can have finds nothing. */
    public Optional<StoredDocument> find(Kind kind, String name) {
        return Names.isValid(name) ? store.find(kind.resource(), name) : Optional.empty();
    }

    /** The stored public form, parsed, if any. */
    public Optional<ObjectNode> document(Kind kind, String name) {
        return find(kind, name).map(stored -> Json.parseStored(stored.body()));
    }

    /** One document, as a GET answers it: a 400 for a name no document can have, a 404 when there is none. */
    public StoredDocument read(Kind kind, String name) {
        DocumentNames.requireValid(kind, name);
        return store.find(kind.resource(), name).orElseThrow(NotFoundException::new);
    }

    /** The stored public JSON of every document of a kind, sorted by name. */
    public List<String> list(Kind kind) {
        return store.list(kind.resource()).stream().map(StoredDocument::body).toList();
    }

    /** Every document of a kind, sorted by name, as a {@link Page} of all of them (with their names). */
    public Page all(Kind kind) {
        List<StoredDocument> documents = store.list(kind.resource());
        return new Page(documents.stream().map(StoredDocument::body).toList(),
                documents.stream().map(StoredDocument::name).toList(), documents.size(), null);
    }

    /**
     * The documents of a kind whose filterable fields have the given values, sorted by name,
     * {@code perPage} of them on page {@code page} (counted from 1) or, when {@code after} is set, the first
     * {@code perPage} whose names sort after it; all of them when {@code perPage} is null.
     */
    public Page list(Kind kind, Map<String, String> filters, int page, Integer perPage, String after) {
        DocumentPage found = store.list(kind.resource(), query(kind, filters, page, perPage, after));
        List<StoredDocument> documents = found.documents();
        boolean more = after != null && perPage != null && documents.size() > perPage;
        if (more) {
            documents = documents.subList(0, perPage);
        }
        return new Page(documents.stream().map(StoredDocument::body).toList(),
                documents.stream().map(StoredDocument::name).toList(), found.total(),
                more ? documents.get(documents.size() - 1).name() : null);
    }

    /**
     * How many bytes the documents {@link #list} would answer with the same arguments take, without reading them
     * (with no filters, no {@code perPage} and no {@code after}: {@link #all}'s).
     */
    public long bodyBytes(Kind kind, Map<String, String> filters, int page, Integer perPage, String after) {
        return store.bodyBytes(kind.resource(), query(kind, filters, page, perPage, after));
    }

    private static ListQuery query(Kind kind, Map<String, String> filters, int page, Integer perPage, String after) {
        Set<String> allowed = kind.strategy().filterFields();
        for (String field : filters.keySet()) {
            if (!allowed.contains(field)) {
                throw new InvalidException("cannot filter " + kind.resource() + " by '" + field + "'; "
                        + (allowed.isEmpty() ? "they have no filterable fields"
                        : "filterable fields: " + String.join(", ", new TreeSet<>(allowed))));
            }
        }
        int offset = perPage == null ? 0 : (page - 1) * perPage;
        // a keyset page asks for one more, to know whether another page follows
        Integer limit = after != null && perPage != null ? Integer.valueOf(perPage + 1) : perPage;
        return new ListQuery(filters, offset, limit, after);
    }

    /**
     * A page of stored public JSON documents and their names, the number that matched in all, and for a keyset page
     * the name the next page starts after (null on the last page).
     */
    public record Page(List<String> documents, List<String> names, long total, String nextAfter) {
    }

    /** The documents that reference this one (a 400 or 404 as {@link #read} when it does not exist). */
    public List<DocumentKey> usedBy(Kind kind, String name) {
        read(kind, name);
        return store.referencedBy(kind.resource(), name);
    }
}
