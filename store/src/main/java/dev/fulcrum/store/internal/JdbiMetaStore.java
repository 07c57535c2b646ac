package dev.fulcrum.store.internal;

import dev.fulcrum.store.MetaStore;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Facts about the database, in the fulcrum_meta table, over {@link MetaDao}. */
public final class JdbiMetaStore implements MetaStore {
    private final Jdbi jdbi;

    public JdbiMetaStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<String> get(String name) {
        return StoreErrors.translate(() -> jdbi.withExtension(MetaDao.class, dao -> dao.get(name)));
    }

    @Override
    public void put(String name, String value) {
        StoreErrors.translate(() -> {
            jdbi.useExtension(MetaDao.class, dao -> dao.put(name, value));
            return null;
        });
    }

    @Override
    public String putIfAbsent(String name, String value) {
        try {
            StoreErrors.translate(() -> {
                jdbi.useExtension(MetaDao.class, dao -> dao.insert(name, value));
                return null;
            });
        } catch (RuntimeException e) {
            if (!StoreErrors.isDuplicate(e)) {
                throw e;
            }
        }
        return get(name).orElseThrow();
    }

    /** True when the database answers a trivial query. */
    public boolean isHealthy() {
        try {
            return jdbi.withExtension(MetaDao.class, MetaDao::ping) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
