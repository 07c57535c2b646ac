package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.app.tokens.TokenRequest;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.Permissions;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The permission table beyond what every kind shares (which {@code ConformanceTest$Permissions} walks for
 * every kind): API tokens, a connection's status and stop, a password check, each with a role with each
 * permission that allows it (the request succeeds) and a role with every permission but those (403 naming
 * them, nothing changed); and the escalation rule. The expectations are written here from the README's
 * table, not read from the code under test.
 */
class PermissionMatrixTest {
    private static final String USER = "matrix@example.com";
    private static TestServer server;
    private static final Map<Set<String>, String> TOKENS = new HashMap<>();
    private static final Map<Set<String>, String> ROLES = new HashMap<>();
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** What a request does, as the table in the README names it. */
    enum Verb { LIST, GET, CREATE, DELETE, STATUS, STOP, VERIFY }

    record Case(String resource, Verb verb, Set<String> permissions, boolean allowed) {
        @Override
        public String toString() {
            return resource + " " + verb + (allowed ? " with " : " without ") + permissions;
        }
    }

    /** The README's table, where it goes beyond the verbs of every kind: the permissions of which any one allows. */
    static Map<String, Map<Verb, Set<String>>> expectations() {
        Map<String, Map<Verb, Set<String>>> table = new java.util.LinkedHashMap<>();
        table.put("user-auths", same("ManageUsers", Verb.VERIFY));
        table.put("connections", same("ManageConnections", Verb.STATUS, Verb.STOP));
        table.put("api-tokens", same("ManageApiTokens", Verb.LIST, Verb.GET, Verb.CREATE, Verb.DELETE));
        return table;
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        expectations().forEach((resource, verbs) -> verbs.forEach((verb, allowing) -> {
            allowing.forEach(permission -> cases.add(new Case(resource, verb, Set.of(permission), true)));
            Set<String> without = new TreeSet<>(Permissions.ALL);
            without.removeAll(allowing);
            cases.add(new Case(resource, verb, without, false));
        }));
        return cases.stream();
    }

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.create("users", "user", "{\"name\":\"" + USER + "\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void a_role_may_do_exactly_what_its_permissions_allow(Case c) {
        String name = "m" + NAMES.incrementAndGet();
        prepare(c, name);
        String before = snapshot(c.resource(), name);
        Response response = send(c, name, as(tokenFor(c.permissions())), ROLES.get(c.permissions()));
        if (c.allowed()) {
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        } else {
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(403);
            String error = Jsons.parse(response.asString()).path("error").asText();
            Set<String> needed = expectations().get(c.resource()).get(c.verb());
            assertThat(needed).anyMatch(error::contains);
            assertThat(snapshot(c.resource(), name)).isEqualTo(before);
        }
    }

    private static Map<Verb, Set<String>> same(String permission, Verb... verbs) {
        Map<Verb, Set<String>> map = new java.util.EnumMap<>(Verb.class);
        for (Verb verb : verbs) {
            map.put(verb, Set.of(permission));
        }
        return map;
    }

    /** A token whose role has exactly these permissions, belonging to a user who owns nothing. */
    private static String tokenFor(Set<String> permissions) {
        return TOKENS.computeIfAbsent(permissions, set -> {
            String role = "matrix-" + TOKENS.size();
            ROLES.put(set, role);
            StringBuilder list = new StringBuilder();
            set.forEach(permission -> list.append(list.length() == 0 ? "" : ",").append("{\"name\":\"").append(permission).append("\"}"));
            server.create("roles", "role", "{\"name\":\"" + role + "\",\"title\":\"" + role + "\",\"permissions\":[" + list + "]}");
            return server.tokenService().create(new TokenRequest(role, role, USER, "test", null));
        });
    }

    private static RequestSpecification as(String token) {
        return server.anonymous().header("x-imply-api-token", token);
    }

    /**
     * Kubernetes' escalation rule: a caller may write a role only with permissions it holds, and may give a user
     * (or a token) only roles whose permissions it holds; nothing it may write lets it climb above its own role.
     */
    @Nested
    class Escalation {
        private static final String PASSWORD = "correct horse battery";

        /** A role with these permissions and a token of it (belonging to no user); answers the token. */
        private String tokenWith(String role, String... permissions) {
            server.create("roles", "role", roleJson(role, permissions));
            return server.tokenService().create(new TokenRequest(role, role, null, "test", null));
        }

        private String roleJson(String role, String... permissions) {
            StringBuilder list = new StringBuilder();
            for (String permission : permissions) {
                list.append(list.length() == 0 ? "" : ",").append("{\"name\":\"").append(permission).append("\"}");
            }
            return "{\"name\":\"" + role + "\",\"title\":\"" + role + "\",\"permissions\":[" + list + "]}";
        }

        private void assertRefusedNaming(Response response, String... missing) {
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(403);
            assertThat(Jsons.parse(response.asString()).path("error").asText()).contains(missing);
        }

        @Test
        void a_role_manager_cannot_add_a_permission_to_its_own_role() {
            String token = tokenWith("esc-own", "ManageUserRoles");
            String before = snapshot("roles", "esc-own");
            Response response = as(token).body("{\"role\":" + roleJson("esc-own", "ManageUserRoles", "ManageConnections") + "}")
                    .put("/api/v1/roles/esc-own");
            assertRefusedNaming(response, "ManageConnections");
            assertThat(snapshot("roles", "esc-own")).isEqualTo(before);
        }

        @Test
        void a_role_manager_may_remove_permissions_from_its_own_role() {
            String token = tokenWith("esc-shrink", "ManageUserRoles", "SeeAuditLog");
            Response response = as(token).body("{\"role\":" + roleJson("esc-shrink", "ManageUserRoles") + "}")
                    .put("/api/v1/roles/esc-shrink");
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        }

        @Test
        void a_role_manager_creates_roles_only_with_permissions_it_holds() {
            String token = tokenWith("esc-creator", "ManageUserRoles", "AccessVisualization");
            assertRefusedNaming(as(token).body("{\"role\":" + roleJson("esc-made", "AccessVisualization", "ManageUsers",
                    "ExportSecrets") + "}").post("/api/v1/roles"), "ManageUsers", "ExportSecrets");
            assertThat(server.api().get("/api/v1/roles/esc-made").statusCode()).isEqualTo(404);
            assertThat(as(token).body("{\"role\":" + roleJson("esc-made", "AccessVisualization") + "}")
                    .post("/api/v1/roles").statusCode()).isEqualTo(200);
        }

        @Test
        void a_user_manager_cannot_create_a_super_admin_user_and_sign_in_as_it() {
            String token = tokenWith("esc-users", "ManageUsers");
            Response response = as(token).body("{\"user\":{\"name\":\"climber@example.com\",\"roles\":[\"super-admin\"]}}")
                    .post("/api/v1/users");
            assertRefusedNaming(response, "super-admin", "ManageApiTokens");
            assertThat(server.api().get("/api/v1/users/climber@example.com").statusCode()).isEqualTo(404);
            assertThat(new PageVisitor(server).signIn("climber@example.com", PASSWORD).header("Location"))
                    .isNotEqualTo("/ui/tokens");
        }

        @Test
        void a_user_manager_gives_users_only_roles_whose_permissions_it_holds() {
            String token = tokenWith("esc-giver", "ManageUsers", "AccessVisualization");
            server.create("roles", "role", roleJson("esc-viewers", "AccessVisualization"));
            assertThat(as(token).body("{\"user\":{\"name\":\"given@example.com\",\"roles\":[\"esc-viewers\"]}}")
                    .post("/api/v1/users").statusCode()).isEqualTo(200);
            String before = snapshot("users", "given@example.com");
            assertRefusedNaming(as(token).body("{\"user\":{\"roles\":[\"esc-viewers\",\"super-admin\"]}}")
                    .patch("/api/v1/users/given@example.com"), "super-admin");
            assertThat(snapshot("users", "given@example.com")).isEqualTo(before);
        }

        @Test
        void a_user_manager_cannot_set_the_password_of_a_user_more_powerful_than_itself() {
            String token = tokenWith("esc-passwords", "ManageUsers");
            server.create("users", "user", "{\"name\":\"boss@example.com\",\"roles\":[\"super-admin\"]}");
            Response response = as(token).body("{\"userAuth\":{\"name\":\"boss@example.com\",\"type\":\"native\","
                    + "\"currentPass\":{\"pass\":\"" + PASSWORD + "\",\"hashStrategy\":\"none\"}}}").post("/api/v1/user-auths");
            assertRefusedNaming(response, "boss@example.com", "super-admin");
            assertThat(server.api().get("/api/v1/user-auths/boss@example.com").statusCode()).isEqualTo(404);
        }

        @Test
        void an_import_cannot_carry_a_role_or_a_user_above_the_caller() {
            String token = tokenWith("esc-importer", "ManageUsers", "ManageUserRoles");
            String roles = "{\"fulcrumBundle\":1,\"resources\":{\"roles\":[" + roleJson("esc-imported", "ManageConnections") + "]}}";
            assertRefusedNaming(as(token).body(roles).post("/api/v1/import"), "ManageConnections");
            String users = "{\"fulcrumBundle\":1,\"resources\":{\"users\":[{\"name\":\"imported@example.com\","
                    + "\"roles\":[\"super-admin\"]}]}}";
            assertRefusedNaming(as(token).body(users).post("/api/v1/import?dryRun=true"), "super-admin");
            assertThat(server.api().get("/api/v1/roles/esc-imported").statusCode()).isEqualTo(404);
            assertThat(server.api().get("/api/v1/users/imported@example.com").statusCode()).isEqualTo(404);
        }

        @Test
        void a_restore_cannot_bring_back_permissions_the_caller_lacks() {
            server.create("roles", "role", roleJson("esc-restorer", "ManageUserRoles", "ManageConnections"));
            server.create("roles", "role", roleJson("esc-restorer", "ManageUserRoles"));
            String token = server.tokenService().create(new TokenRequest("esc-restorer", "esc-restorer", null, "test", null));
            String before = snapshot("roles", "esc-restorer");
            assertRefusedNaming(as(token).post("/api/v1/roles/esc-restorer/history/1/restore"), "ManageConnections");
            assertThat(snapshot("roles", "esc-restorer")).isEqualTo(before);
        }

        @Test
        void a_token_cannot_make_a_token_of_a_role_above_its_own() {
            String token = tokenWith("esc-minter", "ManageApiTokens");
            assertRefusedNaming(as(token).body("{\"apiToken\":{\"name\":\"esc-minted\",\"role\":\"super-admin\"}}")
                    .post("/api/v1/api-tokens"), "ManageUsers");
            assertThat(server.tokenService().find("esc-minted")).isEmpty();
        }

        @Test
        void a_token_made_by_a_token_never_outlives_it() {
            server.create("roles", "role", roleJson("esc-short", "ManageApiTokens"));
            String parent = server.tokenService().create(new TokenRequest("esc-short", "esc-short", null, "test",
                    java.time.Duration.ofHours(1)));
            Response longer = as(parent).body("{\"apiToken\":{\"name\":\"esc-long\",\"role\":\"esc-short\","
                    + "\"expiresIn\":\"30d\"}}").post("/api/v1/api-tokens");
            assertThat(longer.statusCode()).as(longer.asString()).isEqualTo(400);
            Response unstated = as(parent).body("{\"apiToken\":{\"name\":\"esc-child\",\"role\":\"esc-short\"}}")
                    .post("/api/v1/api-tokens");
            assertThat(unstated.statusCode()).as(unstated.asString()).isEqualTo(200);
            java.time.Instant parentExpiry = server.tokenService().find("esc-short").orElseThrow().expiresAt();
            assertThat(server.tokenService().find("esc-child").orElseThrow().expiresAt()).isNotNull()
                    .isBeforeOrEqualTo(parentExpiry);
        }

        @Test
        void a_token_made_on_the_page_never_outlives_max_token_lifetime() {
            try (TestServer limited = TestServer.startWith("maxTokenLifetime: 30d\n")) {
                limited.create("users", "user", "{\"name\":\"paged@example.com\",\"roles\":[\"super-admin\"]}");
                limited.create("user-auths", "userAuth", "{\"name\":\"paged@example.com\",\"type\":\"native\","
                        + "\"currentPass\":{\"pass\":\"" + PASSWORD + "\",\"hashStrategy\":\"none\"}}");
                PageVisitor visitor = new PageVisitor(limited);
                assertThat(visitor.signIn("paged@example.com", PASSWORD).header("Location")).isEqualTo("/ui/tokens");
                for (String beyond : List.of("never", "365d", "31d")) {
                    Response refused = visitor.createToken("forever-" + beyond, "super-admin", beyond);
                    assertThat(refused.statusCode()).as(beyond).isEqualTo(400);
                    assertThat(limited.tokenService().find("forever-" + beyond)).isEmpty();
                }
                assertThat(visitor.createToken("bounded", "super-admin", "30d").statusCode()).isEqualTo(200);
                java.time.Instant expiry = limited.tokenService().find("bounded").orElseThrow().expiresAt();
                assertThat(expiry).isBeforeOrEqualTo(java.time.Instant.now().plus(java.time.Duration.ofDays(30)));
            }
        }

        @Test
        void exporting_secrets_needs_export_secrets_which_managing_connections_does_not_give() {
            String token = tokenWith("esc-exporter", "ManageConnections");
            Response response = as(token).header("x-fulcrum-passphrase", "a long bundle passphrase")
                    .get("/api/v1/export?resources=connections&includeSecrets=true");
            assertRefusedNaming(response, "ExportSecrets");
            assertThat(as(token).get("/api/v1/export?resources=connections").statusCode()).isEqualTo(200);
        }

        @Test
        void an_export_of_secrets_is_audited_with_whether_a_passphrase_was_given_never_its_value() {
            Response response = server.api().header("x-fulcrum-passphrase", "an audited bundle passphrase")
                    .get("/api/v1/export?resources=connections&includeSecrets=true");
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
            server.flushAudit();
            String audit = server.api().get("/api/v1/audit?resource=export").asString();
            assertThat(Jsons.parse(audit).path("audit").get(0).path("changedFields").toString())
                    .contains("includeSecrets", "passphrase");
            assertThat(audit).doesNotContain("an audited bundle passphrase");
        }
    }

    /** What the case needs beforehand: the document itself, unless the case creates it, and what it names. */
    private static void prepare(Case c, String name) {
        if (c.resource().equals("api-tokens")) {
            if (c.verb() != Verb.CREATE) {
                server.tokenService().create(name);
            }
            return;
        }
        Examples.create(server, Kinds.STANDARD.byResource(c.resource()).orElseThrow(), name);
    }

    private static Response send(Case c, String name, RequestSpecification request, String ownRole) {
        String collection = "/api/v1/" + c.resource();
        String one = collection + "/" + name;
        if (c.resource().equals("api-tokens")) {
            return switch (c.verb()) {
                case LIST -> request.get(collection);
                case GET -> request.get(one);
                case CREATE -> request.body("{\"apiToken\":{\"name\":\"" + name + "\",\"role\":\"" + ownRole + "\"}}")
                        .post(collection);
                default -> request.delete(one);
            };
        }
        return switch (c.verb()) {
            case STATUS -> request.get(one + "/status");
            case STOP -> request.post(one + "/stop");
            case VERIFY -> request.body("{\"password\":\"correct horse battery\"}").post(one + "/verify");
            default -> throw new AssertionError(c.verb() + " of " + c.resource() + " is ConformanceTest's");
        };
    }

    /** The document as the super-admin token sees it (or its absence), to show a refusal changed nothing. */
    private static String snapshot(String resource, String name) {
        if (resource.equals("api-tokens")) {
            return server.api().get("/api/v1/api-tokens/" + name).asString();
        }
        Response response = server.api().get("/api/v1/" + resource + "/" + name);
        return response.statusCode() + " " + response.asString() + " " + response.header("ETag");
    }
}
