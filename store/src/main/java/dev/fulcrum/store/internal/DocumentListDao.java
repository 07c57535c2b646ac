package dev.fulcrum.store.internal;

import dev.fulcrum.store.StoredDocument;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMap;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The SQL of listings: a resource's documents, a page of them and their total. */
interface DocumentListDao {
    /**
     * Ordered by the primary key's columns, (resource, name), not by name alone: H2 then reads the index in
     * order instead of sorting every document of the resource (measured: 44 ms against 0.5 ms for a page
     * among 100,000).
     */
    @SqlQuery("SELECT " + DocumentDao.COLUMNS + " FROM documents WHERE resource = :resource ORDER BY resource, name")
    List<StoredDocument> list(@Bind("resource") String resource);

    /**
     * One join per filter {@code i}, starting from the (resource, field, value) index: written as correlated EXISTS,
     * H2 scanned every document of the resource instead (review finding, checked with EXPLAIN).
     */
    String FILTER_JOIN = " JOIN document_fields f%1$d ON f%1$d.resource = d.resource AND f%1$d.name = d.name"
            + " AND f%1$d.field = :field%1$d AND f%1$d.field_value = :value%1$d";
    /** Keyset paging: the names after the last one of the previous page. */
    String AFTER = " AND d.name > :after";
    String LIMIT = " LIMIT :limit";
    String LIMIT_OFFSET = " LIMIT :limit OFFSET :offset";

    /**
     * A page of a resource's documents. What depends on the query is defined from the fragments above, each
     * there or not, and {@link #FILTER_JOIN} once per filter (see {@link ListStatement}): the SQL holds no
     * caller's text, whose values are all bound, in {@code values}.
     */
    @SqlQuery("SELECT d.resource, d.name, d.body, d.secrets, d.version, d.created_at, d.updated_at"
            + " FROM documents d<joins> WHERE d.resource = :resource<after> ORDER BY d.resource, d.name<page>")
    List<StoredDocument> page(@Define("joins") String joins, @Define("after") String after, @Define("page") String page,
                              @Bind("resource") String resource, @BindMap Map<String, Object> values);

    /**
     * How many bytes the bodies of what {@link #page} would find take. The subquery keeps only their lengths, never
     * the bodies (PostgreSQL reads a long body's length without unpacking it).
     */
    @SqlQuery("SELECT COALESCE(SUM(p.bytes), 0) FROM (SELECT OCTET_LENGTH(d.body) AS bytes FROM documents d<joins>"
            + " WHERE d.resource = :resource<after> ORDER BY d.resource, d.name<page>) p")
    long bodyBytes(@Define("joins") String joins, @Define("after") String after, @Define("page") String page,
                   @Bind("resource") String resource, @BindMap Map<String, Object> values);

    /** How many documents {@link #page} would find without its limit. */
    @SqlQuery("SELECT COUNT(*) FROM documents d<joins> WHERE d.resource = :resource")
    long count(@Define("joins") String joins, @Bind("resource") String resource, @BindMap Map<String, Object> values);
}
