package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.app.tokens.TokenRequest;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Permissions;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind under tokens of roles with each permission the kind names alone, its read permissions, its write
 * permissions, none, and every other: each verb succeeds exactly when the role has a permission the kind lists
 * for it ({@link ConformanceKinds#access}), and a refusal is a 403 naming one and changes nothing. The tokens
 * belong to no user, so a permission that writes only the caller's own documents writes nothing here
 * ({@code OwnershipTest} covers those).
 */
abstract class PermissionConformance extends KindConformance {
    private final AtomicInteger names = new AtomicInteger();

    @Override
    String prefix() {
        return "perm";
    }

    /**
     * What a request does to a document of a kind: which permissions of the kind allow it, and the request. All
     * but {@link #CREATE} go to one document, in this order, so that {@link #DELETE} comes last.
     */
    enum Verb {
        LIST(ConformanceKinds.Access::read), GET(ConformanceKinds.Access::read), USED_BY(ConformanceKinds.Access::read),
        HISTORY(ConformanceKinds.Access::read), EXPORT(ConformanceKinds.Access::read),
        CREATE(ConformanceKinds.Access::create),
        /** A POST to the collection of a name that exists: an update. */
        REPLACE(ConformanceKinds.Access::update),
        UPDATE(ConformanceKinds.Access::update), PATCH(ConformanceKinds.Access::update),
        DELETE(ConformanceKinds.Access::delete);

        final Function<ConformanceKinds.Access, List<String>> allowing;

        Verb(Function<ConformanceKinds.Access, List<String>> allowing) {
            this.allowing = allowing;
        }
    }

    /**
     * Every kind with each permission it names alone, with its read permissions, with its write permissions,
     * with none, and with every permission it does not name.
     */
    Stream<Arguments> roles() {
        return kinds().flatMap(kind -> {
            ConformanceKinds.Access access = ConformanceKinds.access(kind);
            List<Set<String>> roles = new ArrayList<>();
            access.all().forEach(permission -> roles.add(Set.of(permission)));
            roles.add(new TreeSet<>(access.read()));
            Set<String> writing = new TreeSet<>(access.create());
            writing.addAll(access.update());
            writing.addAll(access.delete());
            roles.add(writing);
            roles.add(Set.of());
            Set<String> unnamed = new TreeSet<>(Permissions.ALL);
            unnamed.removeAll(access.all());
            roles.add(unnamed);
            return roles.stream().distinct().map(permissions -> Arguments.of(kind, permissions));
        });
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("roles")
    void a_role_does_exactly_what_the_kind_lists_its_permissions_for(Kind kind, Set<String> permissions) {
        RequestSpecification caller = tokenWith(permissions);
        ConformanceKinds.Access access = ConformanceKinds.access(kind);
        String existing = name(kind, "m" + names.incrementAndGet());
        create(kind, existing);
        for (Verb verb : Verb.values()) {
            List<String> allowing = verb.allowing.apply(access);
            String name = verb == Verb.CREATE ? existing + "-new" : existing;
            if (permissions.stream().anyMatch(allowing::contains)) {
                Response response = send(caller, kind, verb, name);
                assertThat(response.statusCode()).as(verb + " " + response.asString()).isEqualTo(200);
            } else {
                String before = snapshot(kind, name);
                Response response = send(caller, kind, verb, name);
                assertThat(response.statusCode()).as(verb + " " + response.asString()).isEqualTo(403);
                assertThat(Jsons.parse(response.asString()).path("error").asText()).as(verb.name()).containsAnyOf(
                        allowing.toArray(String[]::new));
                assertThat(snapshot(kind, name)).as(verb.name()).isEqualTo(before);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void super_admin_does_everything(Kind kind) {
        String existing = name(kind, "admin");
        create(kind, existing);
        for (Verb verb : Verb.values()) {
            Response response = send(server().api(), kind, verb, verb == Verb.CREATE ? existing + "-new" : existing);
            assertThat(response.statusCode()).as(verb + " " + response.asString()).isEqualTo(200);
        }
    }

    /** A request of a token whose role has exactly these permissions and which belongs to no user. */
    private RequestSpecification tokenWith(Collection<String> permissions) {
        String role = prefix() + "-role-" + names.incrementAndGet();
        StringBuilder list = new StringBuilder();
        permissions.forEach(each -> list.append(list.length() == 0 ? "" : ",").append("{\"name\":\"").append(each).append("\"}"));
        server().create("roles", "role", "{\"name\":\"" + role + "\",\"permissions\":[" + list + "]}");
        String token = server().tokenService().create(new TokenRequest(role, role, null, "test", null));
        return server().anonymous().header("x-imply-api-token", token);
    }

    private Response send(RequestSpecification callerSpec, Kind kind, Verb verb, String name) {
        // a fresh request each time: RestAssured keeps a path's query parameters in the specification it was sent with
        RequestSpecification caller = RestAssured.given().spec(callerSpec);
        String one = path(kind, name);
        return switch (verb) {
            case LIST -> caller.get(path(kind));
            case GET -> caller.get(one);
            case USED_BY -> caller.get(one + "/used-by");
            case HISTORY -> caller.get(one + "/history");
            case EXPORT -> caller.get("/api/v1/export?resources=" + kind.resource());
            case CREATE, REPLACE -> caller.body(Examples.wrap(kind, example(kind, name))).post(path(kind));
            case UPDATE -> caller.body(Examples.wrap(kind, example(kind, name))).put(one);
            case PATCH -> caller.body("{\"" + kind.singular() + "\":{\"title\":\"Patched\"}}").patch(one);
            case DELETE -> caller.delete(one);
        };
    }

    /** The document as super-admin sees it (or its absence), to show that a refusal changed nothing. */
    private String snapshot(Kind kind, String name) {
        Response response = get(kind, name);
        return response.statusCode() + " " + response.asString() + " " + response.header("ETag");
    }
}

