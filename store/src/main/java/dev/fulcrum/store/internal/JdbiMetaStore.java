package dev.fulcrum.store.internal;

import dev.fulcrum.store.MetaStore;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Facts about the database, in the fulcrum_meta table. */
public final class JdbiMetaStore implements MetaStore {
    private final Jdbi jdbi;

    public JdbiMetaStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<String> get(String name) {
        return StoreErrors.translate(() -> jdbi.withHandle(handle -> handle
                .createQuery("SELECT meta_value FROM fulcrum_meta WHERE meta_name = ?").bind(0, name).mapTo(String.class).findOne()));
    }

    @Override
    public void put(String name, String value) {
        StoreErrors.translate(() -> jdbi.inTransaction(handle -> {
            handle.createUpdate("DELETE FROM fulcrum_meta WHERE meta_name = ?").bind(0, name).execute();
            return handle.createUpdate("INSERT INTO fulcrum_meta (meta_name, meta_value) VALUES (?, ?)")
                    .bind(0, name).bind(1, value).execute();
        }));
    }

    @Override
    public String putIfAbsent(String name, String value) {
        try {
            StoreErrors.translate(() -> jdbi.withHandle(handle -> handle
                    .createUpdate("INSERT INTO fulcrum_meta (meta_name, meta_value) VALUES (?, ?)").bind(0, name).bind(1, value)
                    .execute()));
        } catch (RuntimeException e) {
            if (!StoreErrors.isDuplicate(e)) {
                throw e;
            }
        }
        return get(name).orElseThrow();
    }
}
