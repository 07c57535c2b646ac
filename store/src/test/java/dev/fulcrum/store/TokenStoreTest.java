package dev.fulcrum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** API tokens: stored by hash, found by name, hash and id, revoked with the tokens they made. */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class TokenStoreTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final TokenStore tokens;

    TokenStoreTest(TestDatabase kind) {
        this.tokens = kind.shared().tokens();
    }

    private static NewToken token(String name, Long parent) {
        return new NewToken(name, TestDatabase.unique("hash"), NOW, "viewers", "ann", "cli", NOW.plus(1, ChronoUnit.DAYS),
                parent);
    }

    @Test
    void a_created_token_is_found_by_its_name_hash_and_id_and_its_name_is_then_taken() {
        String name = TestDatabase.unique("grafana");
        NewToken created = token(name, null);

        assertThat(tokens.create(created)).isTrue();
        assertThat(tokens.create(token(name, null))).isFalse();

        TokenRecord found = tokens.findActive(name).orElseThrow();
        assertThat(found).extracting(TokenRecord::hash, TokenRecord::createdAt, TokenRecord::roleName, TokenRecord::userName,
                TokenRecord::createdBy, TokenRecord::expiresAt, TokenRecord::lastUsedAt, TokenRecord::parentId)
                .containsExactly(created.hash(), NOW, "viewers", "ann", "cli", NOW.plus(1, ChronoUnit.DAYS), null, null);
        assertThat(tokens.findActiveByHash(created.hash())).contains(found);
        assertThat(tokens.findActiveById(found.id())).contains(found);
        assertThat(tokens.listActive()).contains(found);
    }

    @Test
    void revoking_a_token_revokes_those_it_made_and_frees_its_name() {
        String parent = TestDatabase.unique("parent");
        String child = TestDatabase.unique("child");
        String grandchild = TestDatabase.unique("grandchild");
        tokens.create(token(parent, null));
        tokens.create(token(child, tokens.findActive(parent).orElseThrow().id()));
        tokens.create(token(grandchild, tokens.findActive(child).orElseThrow().id()));

        assertThat(tokens.revoke(parent, NOW)).containsExactly(parent, child, grandchild);

        assertThat(tokens.findActive(child)).isEmpty();
        assertThat(tokens.listActive()).extracting(TokenRecord::name).doesNotContain(parent, child, grandchild);
        assertThat(tokens.revoke(parent, NOW)).isEmpty();
        assertThat(tokens.create(token(parent, null))).isTrue();
    }

    @Test
    void touching_a_token_records_its_last_use() {
        String name = TestDatabase.unique("used");
        NewToken created = token(name, null);
        tokens.create(created);

        tokens.touch(created.hash(), NOW.plus(5, ChronoUnit.MINUTES));

        assertThat(tokens.findActive(name).orElseThrow().lastUsedAt()).isEqualTo(NOW.plus(5, ChronoUnit.MINUTES));
    }
}
