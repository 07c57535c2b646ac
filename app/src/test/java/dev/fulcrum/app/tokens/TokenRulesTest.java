package dev.fulcrum.app.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.access.AccessPolicy;
import dev.fulcrum.app.access.DocumentLookup;
import dev.fulcrum.app.access.Escalation;
import dev.fulcrum.app.access.Principal;
import dev.fulcrum.model.Access.Verb;
import dev.fulcrum.model.ForbiddenException;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.Permissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token rules that need no database, through their own API: the raw token's shape, lifetimes, the permission
 * table and the escalation rule. Fast enough to be what PIT runs against (.ci/mutation).
 */
class TokenRulesTest {

    private static ObjectNode json(String text) {
        return Json.parseStored(text);
    }

    private static Principal caller(String user, String... permissions) {
        return new Principal(7, "t", "r", user, Set.of(permissions));
    }

    @Nested
    class Shape {
        @Test
        void a_new_token_has_the_prefix_43_base62_characters_and_a_6_character_checksum() {
            String token = TokenFormat.generate();
            assertThat(token).matches("fulcrum_[0-9A-Za-z]{49}");
            assertThat(TokenFormat.looksValid(token)).isTrue();
            assertThat(TokenFormat.generate()).isNotEqualTo(token);
        }

        @Test
        void a_look_alike_is_refused_by_its_shape_or_checksum() {
            String token = TokenFormat.generate();
            char last = token.charAt(token.length() - 1);
            assertThat(TokenFormat.looksValid(token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a'))).isFalse();
            char first = token.charAt(8);
            assertThat(TokenFormat.looksValid("fulcrum_" + (first == 'a' ? 'b' : 'a') + token.substring(9))).isFalse();
            assertThat(TokenFormat.looksValid(token + "0")).isFalse();
            assertThat(TokenFormat.looksValid(token.substring(1))).isFalse();
            assertThat(TokenFormat.looksValid("xulcrum_" + token.substring(8))).isFalse();
            assertThat(TokenFormat.looksValid("")).isFalse();
        }

        @Test
        void a_character_outside_base62_is_refused_even_with_a_matching_checksum() {
            // body of 43 characters with one '-' in it; the checksum is computed like the server's
            String body = "-" + "0".repeat(42);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(TokenFormat.looksValid("fulcrum_" + body + base62(crc.getValue()))).isFalse();
            String good = "1" + "0".repeat(42);
            crc.reset();
            crc.update(good.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(TokenFormat.looksValid("fulcrum_" + good + base62(crc.getValue()))).isTrue();
        }

        private String base62(long value) {
            String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
            char[] out = new char[6];
            for (int i = 5; i >= 0; i--) {
                out[i] = alphabet.charAt((int) (value % 62));
                value /= 62;
            }
            return new String(out);
        }

        @Test
        void what_is_stored_is_the_sha256_of_the_token_in_hex() {
            assertThat(TokenFormat.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        }
    }

    @Nested
    class LifetimeForms {
        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource({"90m,PT1H30M", "12h,PT12H", "30d,PT720H", "2w,PT336H", " 1d ,PT24H", "P30D,PT720H", "PT5M,PT5M",
                "999999m,PT16666H39M", "36500d,PT876000H"})
        void short_forms_and_iso_8601_are_lifetimes(String text, String duration) {
            assertThat(Lifetimes.parse(text)).isEqualTo(Duration.parse(duration));
        }

        @ParameterizedTest
        @ValueSource(strings = {"0d", "1000000d", "1y", "d", "-1d", "PT0S", "PT-5M", "P36501D", "", "01d"})
        void anything_else_is_refused_saying_what_is_allowed(String text) {
            assertThatThrownBy(() -> Lifetimes.parse(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("'" + text + "' is not a lifetime");
        }

        @Test
        void no_lifetime_at_all_is_refused() {
            assertThatThrownBy(() -> Lifetimes.parse(null)).hasMessageContaining("is not a lifetime: " + Lifetimes.RULE);
        }

        @ParameterizedTest(name = "{0} is written {1}")
        @CsvSource({"PT720H,30d", "PT24H,1d", "PT12H,12h", "PT1H,1h", "PT90M,90m", "PT25H,25h", "PT1M,1m"})
        void a_lifetime_is_written_in_its_shortest_exact_form(String duration, String text) {
            assertThat(Lifetimes.format(Duration.parse(duration))).isEqualTo(text);
        }
    }

    @Nested
    class Table {
        @Test
        void a_caller_without_any_allowing_permission_is_refused_at_the_door_naming_them() {
            assertThatThrownBy(() -> AccessPolicy.requireAny(caller(null, "ManageUsers"), Kinds.ROLES, Verb.READ))
                    .isInstanceOf(ForbiddenException.class)
                    .hasMessage("reading roles needs ManageUserRoles, which token 't' (role 'r') does not have");
            assertThatThrownBy(() -> AccessPolicy.requireAny(caller(null), Kinds.DATA_CUBES, Verb.READ,
                    Verb.UPDATE)).hasMessage("reading or updating data-cubes needs AdministerDataCubes or"
                    + " ChangeDataCubes, which token 't' (role 'r') has none of");
            AccessPolicy.requireAny(caller(null, "ManageUserRoles"), Kinds.ROLES, Verb.DELETE);
        }

        @Test
        void owner_only_permissions_open_the_door_for_writes_but_not_for_reads_of_other_resources() {
            AccessPolicy.requireAny(caller("u", "AccessAlerts"), Kinds.ALERTS, Verb.CREATE);
            AccessPolicy.requireAny(caller("u", "AccessAlerts"), Kinds.ALERTS, Verb.READ);
            assertThatThrownBy(() -> AccessPolicy.requireAny(caller("u", "ChangeDataCubes"), Kinds.DATA_CUBES,
                    Verb.CREATE)).isInstanceOf(ForbiddenException.class);
            assertThat(AccessPolicy.AUDIT.allowing(Verb.READ)).containsExactly("SeeAuditLog");
            assertThat(Kinds.USER_STATUSES.access()).isEqualTo(Kinds.USERS.access());
        }

        @Test
        void a_change_permission_updates_but_neither_creates_nor_deletes() {
            ObjectNode cube = json("{\"name\":\"c\"}");
            Principal changer = caller(null, "ChangeDataCubes");
            AccessPolicy.requireForDocument(changer, Kinds.DATA_CUBES, cube, cube);
            assertThatThrownBy(() -> AccessPolicy.requireForDocument(changer, Kinds.DATA_CUBES, null, cube))
                    .hasMessage("creating data-cubes needs AdministerDataCubes, which token 't' (role 'r') does not have");
            assertThatThrownBy(() -> AccessPolicy.requireForDocument(changer, Kinds.DATA_CUBES, cube, null))
                    .hasMessageStartingWith("deleting data-cubes needs AdministerDataCubes");
        }

        @Test
        void an_owner_scoped_permission_writes_only_the_callers_own_documents() {
            ObjectNode mine = json("{\"name\":\"a\",\"owner\":\"u\"}");
            ObjectNode theirs = json("{\"name\":\"a\",\"owner\":\"v\"}");
            Principal user = caller("u", "AccessAlerts");
            AccessPolicy.requireForDocument(user, Kinds.ALERTS, null, mine);
            AccessPolicy.requireForDocument(user, Kinds.ALERTS, mine, mine);
            AccessPolicy.requireForDocument(user, Kinds.ALERTS, mine, null);
            assertThatThrownBy(() -> AccessPolicy.requireForDocument(user, Kinds.ALERTS, null, theirs))
                    .hasMessage("token 't' (role 'r') may change only alerts whose owner is 'u' (AccessAlerts); creating"
                            + " alerts of other owners needs ManageAlerts");
            assertThatThrownBy(() -> AccessPolicy.requireForDocument(user, Kinds.ALERTS, theirs, mine)).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> AccessPolicy.requireForDocument(user, Kinds.ALERTS, mine, theirs)).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> AccessPolicy.requireForDocument(user, Kinds.ALERTS, null, json("{\"name\":\"a\"}")))
                    .isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> AccessPolicy.requireForDocument(caller(null, "AccessAlerts"), Kinds.ALERTS, null, mine))
                    .hasMessage("token 't' (role 'r') belongs to no user, so AccessAlerts lets it change no alerts; creating"
                            + " alerts needs ManageAlerts");
            assertThatThrownBy(() -> AccessPolicy.requireForDocument(caller("u"), Kinds.ALERTS, null, mine))
                    .hasMessage("creating alerts needs ManageAlerts, which token 't' (role 'r') does not have");
            AccessPolicy.requireForDocument(caller(null, "ManageAlerts"), Kinds.ALERTS, theirs, mine);
        }
    }

    @Nested
    class Escalations {
        private final Map<String, ObjectNode> roles = Map.of(
                "viewers", json("{\"name\":\"viewers\",\"permissions\":[{\"name\":\"AccessVisualization\"}]}"),
                "admins", json("{\"name\":\"admins\",\"permissions\":[{\"name\":\"ManageUsers\"},{\"name\":\"ManageConnections\"}]}"));
        private final Map<String, ObjectNode> users = Map.of(
                "boss@example.com", json("{\"name\":\"boss@example.com\",\"roles\":[\"admins\"]}"),
                "root@example.com", json("{\"name\":\"root@example.com\",\"roles\":[\"super-admin\"]}"),
                "viewer@example.com", json("{\"name\":\"viewer@example.com\",\"roles\":[\"viewers\"]}"));
        private final DocumentLookup stored = (resource, name) -> Optional.ofNullable(
                (resource.equals("roles") ? roles : resource.equals("users") ? users : Map.<String, ObjectNode>of()).get(name));

        private final Principal manager = caller(null, "ManageUsers", "ManageUserRoles", "AccessVisualization");

        @Test
        void a_role_may_be_given_only_permissions_the_caller_holds() {
            Escalation.check(manager, "roles", null, roles.get("viewers"), stored);
            assertThatThrownBy(() -> Escalation.check(manager, "roles", null, roles.get("admins"), stored))
                    .isInstanceOf(ForbiddenException.class)
                    .hasMessage("creating role 'admins' with ManageConnections needs those permissions, which token 't'"
                            + " (role 'r') does not have: a caller may give a role only permissions it holds itself");
            assertThatThrownBy(() -> Escalation.check(manager, "roles", roles.get("viewers"), roles.get("admins"), stored))
                    .hasMessageStartingWith("changing role 'admins' with ManageConnections");
        }

        @Test
        void a_user_may_be_given_only_roles_whose_permissions_the_caller_holds_and_kept_roles_are_not_checked() {
            ObjectNode boss = users.get("boss@example.com");
            Escalation.check(manager, "users", null, users.get("viewer@example.com"), stored);
            assertThatThrownBy(() -> Escalation.check(manager, "users", null, boss, stored))
                    .hasMessage("giving user 'boss@example.com' the role 'admins' with ManageConnections needs those"
                            + " permissions, which token 't' (role 'r') does not have: a caller may give a user only roles"
                            + " whose permissions it holds itself");
            Escalation.check(manager, "users", boss, json("{\"name\":\"boss@example.com\",\"roles\":[\"admins\",\"viewers\"]}"),
                    stored);
            assertThatThrownBy(() -> Escalation.check(manager, "users", null,
                    json("{\"name\":\"x\",\"roles\":[\"admins\",\"super-admin\"]}"), stored))
                    .hasMessageContaining("the role 'admins' with ManageConnections; the role 'super-admin' with ");
            Escalation.check(manager, "users", null, json("{\"name\":\"x\",\"roles\":[\"absent-role\"]}"), stored);
        }

        @Test
        void a_password_may_be_set_only_for_users_whose_permissions_the_caller_holds() {
            ObjectNode auth = json("{\"name\":\"boss@example.com\",\"passwordHash\":\"$argon2id$...\"}");
            assertThatThrownBy(() -> Escalation.check(manager, "user-auths", null, auth, stored))
                    .hasMessage("setting the password of user 'boss@example.com', who has the role 'admins' with"
                            + " ManageConnections needs those permissions, which token 't' (role 'r') does not have: a caller"
                            + " may set the password only of users whose permissions it holds itself");
            Escalation.check(manager, "user-auths", null, json("{\"name\":\"viewer@example.com\",\"passwordHash\":\"h\"}"), stored);
            Escalation.check(manager, "user-auths", null, json("{\"name\":\"nobody@example.com\",\"passwordHash\":\"h\"}"), stored);
            Escalation.check(manager, "user-auths", null, json("{\"name\":\"boss@example.com\"}"), stored);
            assertThatThrownBy(() -> Escalation.check(manager, "user-auths", null,
                    json("{\"name\":\"root@example.com\",\"passwordHash\":\"h\"}"), stored)).isInstanceOf(ForbiddenException.class);
        }

        @Test
        void deletes_and_callers_with_every_permission_are_never_an_escalation() {
            Escalation.check(caller(null), "roles", roles.get("admins"), null, stored);
            Principal all = new Principal(1, "root", "super-admin", null, Set.copyOf(Permissions.ALL));
            Escalation.check(all, "roles", null, roles.get("admins"), stored);
            Escalation.check(all, "users", null, users.get("root@example.com"), (resource, name) -> {
                throw new AssertionError("a caller with every permission reads nothing");
            });
            Escalation.check(caller(null), "dashboards", null, json("{\"name\":\"d\"}"), stored);
        }
    }
}
