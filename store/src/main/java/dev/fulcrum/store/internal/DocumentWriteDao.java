package dev.fulcrum.store.internal;

import dev.fulcrum.store.Actor;
import dev.fulcrum.store.DocumentKey;
import dev.fulcrum.store.StoredDocument;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The SQL of a write transaction ({@link WriteTransaction}): a document, its history entry, its references and its
 * filterable field values. A write locks the document it replaces ({@link #findForUpdate}) on H2 and PostgreSQL
 * alike; see {@link JdbiDocumentStore}. Attached once per write transaction.
 */
interface DocumentWriteDao {
    /** What a write reads of the document it replaces: locked, so that the next writer waits for this one. */
    @SqlQuery("SELECT " + DocumentDao.COLUMNS + " FROM documents WHERE resource = :resource AND name = :name FOR UPDATE")
    Optional<StoredDocument> findForUpdate(@Bind("resource") String resource, @Bind("name") String name);

    /** Locks a referenced document for the rest of the write: H2 does not lock a foreign key's parent row. */
    @SqlQuery("SELECT version FROM documents WHERE resource = :resource AND name = :name FOR UPDATE")
    Optional<Long> lock(@Bind("resource") String resource, @Bind("name") String name);

    @SqlUpdate("INSERT INTO documents (" + DocumentDao.COLUMNS + ")"
            + " VALUES (:resource, :name, :body, :secrets, :version, :now, :now)")
    void insert(@Bind("resource") String resource, @Bind("name") String name, @Bind("body") String body,
                @Bind("secrets") String secrets, @Bind("version") long version, @Bind("now") OffsetDateTime now);

    /** Answers 0 when the row is no longer at {@code previous}. */
    @SqlUpdate("UPDATE documents SET body = :body, secrets = :secrets, version = :version, updated_at = :now"
            + " WHERE resource = :resource AND name = :name AND version = :previous")
    int update(@Bind("resource") String resource, @Bind("name") String name, @Bind("previous") long previous,
               @Bind("body") String body, @Bind("secrets") String secrets, @Bind("version") long version,
               @Bind("now") OffsetDateTime now);

    /** Answers 0 when the row is no longer at {@code version}. */
    @SqlUpdate("DELETE FROM documents WHERE resource = :resource AND name = :name AND version = :version")
    int delete(@Bind("resource") String resource, @Bind("name") String name, @Bind("version") long version);

    /** The newest version the history holds of a name, 0 when none. */
    @SqlQuery("SELECT COALESCE(MAX(version), 0) FROM document_history WHERE resource = :resource AND name = :name")
    long lastRecordedVersion(@Bind("resource") String resource, @Bind("name") String name);

    @SqlUpdate("INSERT INTO document_history (" + HistoryDao.COLUMNS + ") VALUES (:resource, :name, :version, :change,"
            + " :body, :secrets, :actor.token, :actor.user, :at, :actor.tokenId)")
    void record(@Bind("resource") String resource, @Bind("name") String name, @Bind("version") long version,
                @Bind("change") String change, @Bind("body") String body, @Bind("secrets") String secrets,
                @BindMethods("actor") Actor actor, @Bind("at") OffsetDateTime at);

    @SqlUpdate("DELETE FROM document_refs WHERE from_resource = :resource AND from_name = :name")
    void deleteReferences(@Bind("resource") String resource, @Bind("name") String name);

    @SqlBatch("INSERT INTO document_refs (from_resource, from_name, to_resource, to_name)"
            + " VALUES (:resource, :name, :target.resource, :target.name)")
    void insertReferences(@Bind("resource") String resource, @Bind("name") String name,
                          @BindMethods("target") Iterable<DocumentKey> targets);

    @SqlUpdate("DELETE FROM document_fields WHERE resource = :resource AND name = :name")
    void deleteFieldValues(@Bind("resource") String resource, @Bind("name") String name);

    /** {@code fields} and {@code values} pairwise. */
    @SqlBatch("INSERT INTO document_fields (resource, name, field, field_value) VALUES (:resource, :name, :field, :value)")
    void insertFieldValues(@Bind("resource") String resource, @Bind("name") String name,
                           @Bind("field") Iterable<String> fields, @Bind("value") Iterable<String> values);

    @SqlQuery("SELECT from_resource, from_name FROM document_refs WHERE to_resource = :resource AND to_name = :name"
            + " ORDER BY from_resource, from_name")
    List<DocumentKey> referencedBy(@Bind("resource") String resource, @Bind("name") String name);
}
