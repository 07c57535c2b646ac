package dev.fulcrum.store.internal;

import dev.fulcrum.store.Divergence;
import dev.fulcrum.store.HistoryEntry;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The SQL that reads documents' history (written by {@link WriteTransaction}). */
interface HistoryDao {
    String COLUMNS = "resource, name, version, change_type, body, secrets, actor_token, actor_user, changed_at,"
            + " actor_token_id";

    @SqlQuery("SELECT " + COLUMNS + " FROM document_history WHERE resource = :resource AND name = :name"
            + " ORDER BY version DESC LIMIT :limit OFFSET :offset")
    List<HistoryEntry> history(@Bind("resource") String resource, @Bind("name") String name, @Bind("offset") long offset,
                               @Bind("limit") int limit);

    /** How many bytes the bodies of what {@link #history} would find take, without reading the bodies out. */
    @SqlQuery("SELECT COALESCE(SUM(p.bytes), 0) FROM (SELECT OCTET_LENGTH(body) AS bytes FROM document_history"
            + " WHERE resource = :resource AND name = :name ORDER BY version DESC LIMIT :limit OFFSET :offset) p")
    long historyBytes(@Bind("resource") String resource, @Bind("name") String name, @Bind("offset") long offset,
                      @Bind("limit") int limit);

    @SqlQuery("SELECT COUNT(*) FROM document_history WHERE resource = :resource AND name = :name")
    long historyCount(@Bind("resource") String resource, @Bind("name") String name);

    @SqlQuery("SELECT " + COLUMNS + " FROM document_history"
            + " WHERE resource = :resource AND name = :name AND version = :version")
    Optional<HistoryEntry> historyEntry(@Bind("resource") String resource, @Bind("name") String name,
                                        @Bind("version") long version);

    /** Each name's newest history entry beside its row, where the two disagree. */
    @SqlQuery("SELECT h.resource, h.name, h.version, h.change_type, COALESCE(d.version, 0) FROM document_history h"
            + " JOIN (SELECT resource, name, MAX(version) AS newest FROM document_history GROUP BY resource, name) n"
            + " ON n.resource = h.resource AND n.name = h.name AND n.newest = h.version"
            + " LEFT JOIN documents d ON d.resource = h.resource AND d.name = h.name"
            + " WHERE (h.change_type = 'delete' AND d.version IS NOT NULL)"
            + " OR (h.change_type <> 'delete' AND (d.version IS NULL OR d.version <> h.version))"
            + " ORDER BY h.resource, h.name")
    List<Divergence> diverged();
}
