package dev.fulcrum.store.internal;

import dev.fulcrum.store.Change;
import dev.fulcrum.store.NewToken;
import dev.fulcrum.store.TokenRecord;
import dev.fulcrum.store.TokenStore;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** API tokens over JDBI. A create or revoke is announced to the other instances in its transaction. */
public final class JdbiTokenStore implements TokenStore {
    private final Jdbi jdbi;
    private final Dialect dialect;

    public JdbiTokenStore(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    @Override
    public boolean create(NewToken token) {
        try {
            return StoreErrors.translate(() -> jdbi.inTransaction(handle -> {
                TokenDao dao = handle.attach(TokenDao.class);
                if (dao.countActive(token.name()) > 0) {
                    return false;
                }
                dao.insert(token.name(), token.hash(), utc(token.createdAt()), token.roleName(), token.userName(),
                        token.createdBy(), token.expiresAt() == null ? null : utc(token.expiresAt()), token.parentId());
                dialect.announce(handle, new Change(Change.TOKENS, token.name()));
                return true;
            }));
        } catch (RuntimeException e) {
            if (StoreErrors.isDuplicate(e)) {
                return false; // a concurrent create of the same name won
            }
            throw e;
        }
    }

    @Override
    public List<TokenRecord> listActive() {
        return StoreErrors.translate(() -> jdbi.withExtension(TokenDao.class, TokenDao::listActive));
    }

    @Override
    public Optional<TokenRecord> findActive(String name) {
        return StoreErrors.translate(() -> jdbi.withExtension(TokenDao.class, dao -> dao.findActive(name)));
    }

    @Override
    public Optional<TokenRecord> findActiveByHash(String hash) {
        return StoreErrors.translate(() -> jdbi.withExtension(TokenDao.class, dao -> dao.findActiveByHash(hash)));
    }

    @Override
    public Optional<TokenRecord> findActiveById(long id) {
        return StoreErrors.translate(() -> jdbi.withExtension(TokenDao.class, dao -> dao.findActiveById(id)));
    }

    /** One transaction, generation by generation, so that a token made meanwhile by a revoked one cannot slip through. */
    @Override
    public List<String> revoke(String name, Instant revokedAt) {
        return StoreErrors.translate(() -> jdbi.inTransaction(handle -> {
            TokenDao dao = handle.attach(TokenDao.class);
            Optional<TokenRecord> token = dao.findActive(name);
            if (token.isEmpty()) {
                return List.<String>of();
            }
            List<String> revoked = new ArrayList<>(List.of(name));
            List<Long> generation = List.of(token.get().id());
            while (!generation.isEmpty()) {
                dao.revoke(generation, utc(revokedAt));
                List<Map.Entry<Long, String>> children = dao.activeChildren(generation);
                children.forEach(child -> revoked.add(child.getValue()));
                generation = children.stream().map(Map.Entry::getKey).toList();
            }
            dialect.announce(handle, new Change(Change.TOKENS, name));
            return List.copyOf(revoked);
        }));
    }

    @Override
    public void touch(String hash, Instant usedAt) {
        StoreErrors.translate(() -> {
            jdbi.useExtension(TokenDao.class, dao -> dao.touch(hash, utc(usedAt)));
            return null;
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
