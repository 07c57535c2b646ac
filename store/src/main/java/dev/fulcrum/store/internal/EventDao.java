package dev.fulcrum.store.internal;

import dev.fulcrum.store.DocumentEvent;
import dev.fulcrum.store.DocumentEvents;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SQL of the change stream (rows written by {@link WriteTransaction}, sequenced and read by {@link JdbiDocumentEvents}). */
interface EventDao {

    /** Held until the sequencer commits: the sequencers of every instance take turns. */
    @SqlQuery("SELECT pruned_through, last_position FROM event_sequence WHERE id = 1 FOR UPDATE")
    DocumentEvents.Span lockSequence();

    @SqlQuery("SELECT pruned_through, last_position FROM event_sequence WHERE id = 1")
    DocumentEvents.Span span();

    /** Whether a committed event waits for its position (read without a lock). */
    @SqlQuery("SELECT COUNT(*) FROM (SELECT id FROM document_events WHERE position IS NULL LIMIT 1) waiting")
    int anyUnsequenced();

    /** Committed events without a position, in the order they were written. */
    @SqlQuery("SELECT id FROM document_events WHERE position IS NULL ORDER BY id LIMIT :limit")
    List<Long> unsequenced(@Bind("limit") int limit);

    @SqlBatch("UPDATE document_events SET position = :position WHERE id = :id")
    void position(@Bind("id") List<Long> ids, @Bind("position") List<Long> positions);

    @SqlUpdate("UPDATE event_sequence SET last_position = :newest WHERE id = 1")
    void newest(@Bind("newest") long newest);

    /** The sizes of the documents of the events {@link #after} would read, in order, without reading them. */
    @SqlQuery("SELECT LENGTH(h.body) FROM document_events e JOIN document_history h"
            + " ON h.resource = e.resource AND h.name = e.name AND h.version = e.version"
            + " WHERE e.position > :after ORDER BY e.position LIMIT :limit")
    List<Long> sizesAfter(@Bind("after") long after, @Bind("limit") int limit);

    @SqlQuery("SELECT e.position, e.resource, e.name, e.version, h.change_type, h.body, h.changed_at"
            + " FROM document_events e JOIN document_history h"
            + " ON h.resource = e.resource AND h.name = e.name AND h.version = e.version"
            + " WHERE e.position > :after ORDER BY e.position LIMIT :limit")
    List<DocumentEvent> after(@Bind("after") long after, @Bind("limit") int limit);

    /** Events of some kinds, of one document when {@code name} is not null, after {@code after} up to {@code through}. */
    String OF = " WHERE e.position > :after AND e.position <= :through AND e.resource IN (<resources>)"
            + " AND (CAST(:name AS VARCHAR(200)) IS NULL OR e.name = :name) ORDER BY e.position LIMIT :limit";

    /** {@link #sizesAfter} of what a reader that is behind may see. */
    @SqlQuery("SELECT LENGTH(h.body) FROM document_events e JOIN document_history h"
            + " ON h.resource = e.resource AND h.name = e.name AND h.version = e.version" + OF)
    List<Long> sizesOf(@Bind("after") long after, @Bind("through") long through,
                       @BindList("resources") List<String> resources, @Bind("name") String name, @Bind("limit") int limit);

    @SqlQuery("SELECT e.position, e.resource, e.name, e.version, h.change_type, h.body, h.changed_at"
            + " FROM document_events e JOIN document_history h"
            + " ON h.resource = e.resource AND h.name = e.name AND h.version = e.version" + OF)
    List<DocumentEvent> eventsOf(@Bind("after") long after, @Bind("through") long through,
                                 @BindList("resources") List<String> resources, @Bind("name") String name,
                                 @Bind("limit") int limit);

    /**
     * The newest position recorded before {@code before} among the {@code window} oldest events after {@code after}
     * (0 when none): found through the index on positions, so pruning a large table reads only what it prunes.
     */
    @SqlQuery("SELECT COALESCE(MAX(position), 0) FROM (SELECT position, recorded_at FROM document_events"
            + " WHERE position > :after ORDER BY position LIMIT :window) oldest WHERE recorded_at < :before")
    long newestBefore(@Bind("after") long after, @Bind("window") int window, @Bind("before") OffsetDateTime before);

    @SqlUpdate("DELETE FROM document_events WHERE position <= :through")
    void prune(@Bind("through") long through);

    @SqlUpdate("UPDATE event_sequence SET pruned_through = :through WHERE id = 1")
    void prunedThrough(@Bind("through") long through);
}
