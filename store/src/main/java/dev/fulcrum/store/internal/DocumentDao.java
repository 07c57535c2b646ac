package dev.fulcrum.store.internal;

import dev.fulcrum.store.StoredDocument;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(DocumentRowMapper.class)
interface DocumentDao {
    String FIND = "SELECT " + DocumentRowMapper.COLUMNS + " FROM documents WHERE resource = ? AND name = ?";

    @SqlQuery("SELECT " + DocumentRowMapper.COLUMNS + " FROM documents WHERE resource = :resource AND name = :name")
    Optional<StoredDocument> find(@Bind("resource") String resource, @Bind("name") String name);

    @SqlQuery("SELECT " + DocumentRowMapper.COLUMNS + " FROM documents WHERE resource = :resource AND name = :name FOR UPDATE")
    Optional<StoredDocument> findForUpdate(@Bind("resource") String resource, @Bind("name") String name);

    @SqlQuery("SELECT " + DocumentRowMapper.COLUMNS + " FROM documents WHERE resource = :resource ORDER BY name")
    List<StoredDocument> list(@Bind("resource") String resource);

    @SqlQuery("SELECT COUNT(*) FROM documents WHERE resource = :resource AND name = :name")
    int count(@Bind("resource") String resource, @Bind("name") String name);

    @SqlUpdate("INSERT INTO documents (resource, name, body, secrets, version, created_at, updated_at)"
            + " VALUES (:resource, :name, :body, :secrets, 1, :now, :now)")
    void insert(@Bind("resource") String resource, @Bind("name") String name, @Bind("body") String body,
                @Bind("secrets") String secrets, @Bind("now") OffsetDateTime now);

    @SqlUpdate("UPDATE documents SET body = :body, secrets = :secrets, version = :version, updated_at = :now"
            + " WHERE resource = :resource AND name = :name")
    int update(@Bind("resource") String resource, @Bind("name") String name, @Bind("body") String body,
               @Bind("secrets") String secrets, @Bind("version") long version, @Bind("now") OffsetDateTime now);

    @SqlUpdate("DELETE FROM documents WHERE resource = :resource AND name = :name")
    int delete(@Bind("resource") String resource, @Bind("name") String name);
}
