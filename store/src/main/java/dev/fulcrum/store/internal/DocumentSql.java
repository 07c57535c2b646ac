package dev.fulcrum.store.internal;

/**
 * The SQL of the document store. It runs through JDBI's fluent API: attaching a SqlObject proxy to
 * every transaction cost 14% of a write's CPU (measured with bench/ and JFR).
 */
final class DocumentSql {
    static final String COLUMNS = "resource, name, body, secrets, version, created_at, updated_at";
    static final String FIND = "SELECT " + COLUMNS + " FROM documents WHERE resource = ? AND name = ?";
    /** What a write reads of the document it replaces: locked, so that the next writer waits for this one. */
    static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";
    /**
     * Ordered by the primary key's columns, (resource, name), not by name alone: H2 then reads the index in
     * order instead of sorting every document of the resource (measured: 44 ms against 0.5 ms for a page
     * among 100,000).
     */
    static final String LIST = "SELECT " + COLUMNS + " FROM documents WHERE resource = ? ORDER BY resource, name";
    /** Locks a referenced document for the rest of the write: H2 does not lock a foreign key's parent row. */
    static final String LOCK = "SELECT version FROM documents WHERE resource = ? AND name = ? FOR UPDATE";
    static final String INSERT = "INSERT INTO documents (resource, name, body, secrets, version, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";
    static final String UPDATE = "UPDATE documents SET body = ?, secrets = ?, version = ?, updated_at = ?"
            + " WHERE resource = ? AND name = ? AND version = ?";
    static final String DELETE = "DELETE FROM documents WHERE resource = ? AND name = ? AND version = ?";

    static final String LAST_VERSION = "SELECT MAX(version) FROM document_history WHERE resource = ? AND name = ?";
    static final String INSERT_HISTORY = "INSERT INTO document_history (resource, name, version, change_type, body, secrets,"
            + " actor_token, actor_user, changed_at, actor_token_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String HISTORY_COLUMNS = "SELECT resource, name, version, change_type, body, secrets, actor_token,"
            + " actor_user, changed_at, actor_token_id FROM document_history WHERE resource = ? AND name = ?";
    static final String HISTORY = HISTORY_COLUMNS + " ORDER BY version DESC LIMIT ? OFFSET ?";
    static final String HISTORY_COUNT = "SELECT COUNT(*) FROM document_history WHERE resource = ? AND name = ?";
    static final String HISTORY_ENTRY = HISTORY_COLUMNS + " AND version = ?";

    /** Each name's newest history entry beside its row, where the two disagree. */
    static final String DIVERGED = "SELECT h.resource, h.name, h.version, h.change_type, COALESCE(d.version, 0)"
            + " FROM document_history h"
            + " JOIN (SELECT resource, name, MAX(version) AS newest FROM document_history GROUP BY resource, name) n"
            + " ON n.resource = h.resource AND n.name = h.name AND n.newest = h.version"
            + " LEFT JOIN documents d ON d.resource = h.resource AND d.name = h.name"
            + " WHERE (h.change_type = 'delete' AND d.version IS NOT NULL)"
            + " OR (h.change_type <> 'delete' AND (d.version IS NULL OR d.version <> h.version))"
            + " ORDER BY h.resource, h.name";

    static final String DELETE_REFS = "DELETE FROM document_refs WHERE from_resource = ? AND from_name = ?";
    static final String INSERT_REF = "INSERT INTO document_refs (from_resource, from_name, to_resource, to_name)"
            + " VALUES (?, ?, ?, ?)";
    static final String REFERENCED_BY = "SELECT from_resource, from_name FROM document_refs"
            + " WHERE to_resource = ? AND to_name = ? ORDER BY from_resource, from_name";

    static final String DELETE_FIELDS = "DELETE FROM document_fields WHERE resource = ? AND name = ?";
    static final String INSERT_FIELD = "INSERT INTO document_fields (resource, name, field, field_value) VALUES (?, ?, ?, ?)";
    /**
     * One join per filter, starting from the (resource, field, value) index: written as correlated EXISTS,
     * H2 scanned every document of the resource instead (review finding, checked with EXPLAIN).
     */
    static final String FIELD_JOIN = " JOIN document_fields f%1$d ON f%1$d.resource = d.resource AND f%1$d.name = d.name"
            + " AND f%1$d.field = :field%1$d AND f%1$d.field_value = :value%1$d";

    private DocumentSql() {
    }
}
