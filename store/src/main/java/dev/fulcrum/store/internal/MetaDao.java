package dev.fulcrum.store.internal;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** The SQL of the fulcrum_meta table, facts about the database itself. */
interface MetaDao {

    @SqlQuery("SELECT meta_value FROM fulcrum_meta WHERE meta_name = :name")
    Optional<String> get(@Bind("name") String name);

    /** Fails with a unique-key violation when the name has a value. */
    @SqlUpdate("INSERT INTO fulcrum_meta (meta_name, meta_value) VALUES (:name, :value)")
    void insert(@Bind("name") String name, @Bind("value") String value);

    @SqlUpdate("DELETE FROM fulcrum_meta WHERE meta_name = :name")
    void delete(@Bind("name") String name);

    @Transaction
    default void put(String name, String value) {
        delete(name);
        insert(name, value);
    }

    /** Answers 1 while the database answers at all. */
    @SqlQuery("SELECT 1")
    int ping();
}
