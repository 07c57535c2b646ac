package dev.fulcrum.store.internal;

import dev.fulcrum.store.Change;
import dev.fulcrum.store.ConnectionState;
import dev.fulcrum.store.ConnectionStateStore;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Connections' lifecycle states over JDBI; every write announces itself in its own transaction. */
public final class JdbiConnectionStateStore implements ConnectionStateStore {
    private final Jdbi jdbi;
    private final Dialect dialect;

    public JdbiConnectionStateStore(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    @Override
    public Optional<ConnectionState> find(String name) {
        return StoreErrors.translate(() -> jdbi.withExtension(ConnectionStateDao.class, dao -> dao.find(name)));
    }

    @Override
    public List<ConnectionState> all() {
        return StoreErrors.translate(() -> jdbi.withExtension(ConnectionStateDao.class, ConnectionStateDao::all));
    }

    /** A first transition of a connection may race another's insert: the loser tries again and advances the row. */
    @Override
    public ConnectionState transition(String name, String state, String message) {
        for (int attempt = 1; ; attempt++) {
            try {
                return StoreErrors.translate(() -> jdbi.inTransaction(handle -> {
                    ConnectionStateDao dao = handle.attach(ConnectionStateDao.class);
                    if (dao.advance(name, state, message) == 0) {
                        dao.insert(name, state, 1, null, null, message);
                    }
                    dialect.announce(handle, new Change(Change.CONNECTION_STATES, name));
                    return dao.find(name).orElseThrow();
                }));
            } catch (RuntimeException e) {
                if (attempt >= 5 || !StoreErrors.isRetryable(e)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public boolean recordCheck(String name, long generation, String state, Instant checkedAt, Long latencyMs,
                               String message) {
        OffsetDateTime at = checkedAt.atOffset(ZoneOffset.UTC);
        try {
            return StoreErrors.translate(() -> jdbi.inTransaction(handle -> {
                ConnectionStateDao dao = handle.attach(ConnectionStateDao.class);
                boolean recorded = dao.recordCheck(name, generation, state, at, latencyMs, message) == 1;
                if (!recorded && generation == 0 && dao.find(name).isEmpty()) {
                    dao.insert(name, state, 0, at, latencyMs, message);
                    recorded = true;
                }
                if (recorded) {
                    dialect.announce(handle, new Change(Change.CONNECTION_STATES, name));
                }
                return recorded;
            }));
        } catch (RuntimeException e) {
            if (StoreErrors.isDuplicate(e)) {
                return false; // a start, stop or fail made its first state meanwhile: it is newer
            }
            throw e;
        }
    }

    @Override
    public void forgetAllBut(String resource) {
        StoreErrors.translate(() -> {
            jdbi.useExtension(ConnectionStateDao.class, dao -> dao.forgetAllBut(resource));
            return null;
        });
    }
}
