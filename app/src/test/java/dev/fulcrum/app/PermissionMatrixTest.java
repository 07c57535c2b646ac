package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.app.tokens.TokenRequest;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.kinds.RoleStrategy;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks the whole permission table: every resource × every verb × a role with each permission that allows it
 * (the request succeeds) and a role with every permission but those (403 naming them, nothing changed).
 * The expectations are written here from the README's table, not read from the code under test.
 */
class PermissionMatrixTest {
    private static final String USER = "matrix@example.com";
    private static TestServer server;
    private static final Map<Set<String>, String> TOKENS = new HashMap<>();
    private static final Map<Set<String>, String> ROLES = new HashMap<>();
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** What a request does, as the table in the README names it. */
    enum Verb { LIST, GET, USED_BY, CREATE, UPDATE, PATCH, DELETE, STATUS, STOP, VERIFY }

    record Case(String resource, Verb verb, Set<String> permissions, boolean allowed) {
        @Override
        public String toString() {
            return resource + " " + verb + (allowed ? " with " : " without ") + permissions;
        }
    }

    /** The README's table: for each resource and verb, the permissions of which any one allows it. */
    static Map<String, Map<Verb, Set<String>>> expectations() {
        Map<String, Map<Verb, Set<String>>> table = new java.util.LinkedHashMap<>();
        for (String resource : List.of("users", "user-auths", "user-statuses")) {
            table.put(resource, same("ManageUsers", Verb.LIST, Verb.GET, Verb.USED_BY, Verb.CREATE, Verb.UPDATE, Verb.PATCH, Verb.DELETE));
        }
        table.get("user-auths").put(Verb.VERIFY, Set.of("ManageUsers"));
        table.put("roles", same("ManageUserRoles", Verb.LIST, Verb.GET, Verb.USED_BY, Verb.CREATE, Verb.UPDATE, Verb.PATCH, Verb.DELETE));
        table.put("connections", same("ManageConnections", Verb.LIST, Verb.GET, Verb.USED_BY, Verb.CREATE, Verb.UPDATE,
                Verb.PATCH, Verb.DELETE, Verb.STATUS, Verb.STOP));
        table.put("data-cubes", administerOrChange("AdministerDataCubes", "ChangeDataCubes"));
        table.put("dashboards", administerOrChange("AdministerDashboards", "ChangeDashboards"));
        table.put("alerts", ownerScoped("ManageAlerts", "AccessAlerts"));
        table.put("reports", ownerScoped("ManageReports", "AccessReports"));
        table.put("api-tokens", same("ManageApiTokens", Verb.LIST, Verb.GET, Verb.CREATE, Verb.DELETE));
        return table;
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        expectations().forEach((resource, verbs) -> verbs.forEach((verb, allowing) -> {
            allowing.forEach(permission -> cases.add(new Case(resource, verb, Set.of(permission), true)));
            Set<String> without = new TreeSet<>(RoleStrategy.PERMISSIONS);
            without.removeAll(allowing);
            cases.add(new Case(resource, verb, without, false));
        }));
        return cases.stream();
    }

    @BeforeAll
    static void start() {
        server = TestServer.start();
        Fixtures.createReferencedDocuments(server);
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

    private static Map<Verb, Set<String>> administerOrChange(String administer, String change) {
        Map<Verb, Set<String>> map = same(administer, Verb.CREATE, Verb.DELETE);
        for (Verb verb : List.of(Verb.LIST, Verb.GET, Verb.USED_BY, Verb.UPDATE, Verb.PATCH)) {
            map.put(verb, Set.of(administer, change));
        }
        return map;
    }

    /** Documents owned by someone else than the token's user: reading is open to viewers, writing is not. */
    private static Map<Verb, Set<String>> ownerScoped(String manage, String access) {
        Map<Verb, Set<String>> map = same(manage, Verb.CREATE, Verb.UPDATE, Verb.PATCH, Verb.DELETE);
        for (Verb verb : List.of(Verb.LIST, Verb.GET, Verb.USED_BY)) {
            map.put(verb, Set.of(manage, "AccessVisualization", access));
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

    /** What the case needs beforehand: the document itself, unless the case creates it, and what it names. */
    private static void prepare(Case c, String name) {
        if (c.resource().equals("api-tokens")) {
            if (c.verb() != Verb.CREATE) {
                server.tokenService().create(name);
            }
            return;
        }
        Kind kind = Kinds.byResource(c.resource()).orElseThrow();
        Fixtures.createNamedDependencies(server, kind, name);
        if (c.verb() != Verb.CREATE && c.verb() != Verb.LIST) {
            server.create(kind.resource(), kind.singular(), Fixtures.valid(kind, name).toString());
        }
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
        Kind kind = Kinds.byResource(c.resource()).orElseThrow();
        String body = "{\"" + kind.singular() + "\":" + Fixtures.valid(kind, name) + "}";
        return switch (c.verb()) {
            case LIST -> request.get(collection);
            case GET -> request.get(one);
            case USED_BY -> request.get(one + "/used-by");
            case CREATE -> request.body(body).post(collection);
            case UPDATE -> request.body(body).put(one);
            case PATCH -> request.body(body).patch(one);
            case DELETE -> request.delete(one);
            case STATUS -> request.get(one + "/status");
            case STOP -> request.post(one + "/stop");
            case VERIFY -> request.body("{\"password\":\"correct horse battery\"}").post(one + "/verify");
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
