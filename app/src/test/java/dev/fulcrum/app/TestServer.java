package dev.fulcrum.app;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.config.ConfigLoader;
import dev.fulcrum.app.config.FulcrumConfig;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.Registry;
import io.restassured.RestAssured;
import io.restassured.config.HeaderConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A real Fulcrum on a random port with a database of its own (see {@link TestDatabases}), and an API token. */
final class TestServer implements AutoCloseable {
    final Path dir;
    private final String extraConfig;
    private FulcrumApp app;
    final String token;

    private final String store;
    private final Registry kinds;

    private TestServer(String extraConfig) {
        this(extraConfig, TestDatabases.STORE);
    }

    private TestServer(String extraConfig, String store) {
        this(extraConfig, store, dir -> { });
    }

    private TestServer(String extraConfig, String store, java.util.function.Consumer<Path> beforeStart) {
        this(extraConfig, store, beforeStart, Kinds.STANDARD);
    }

    private TestServer(String extraConfig, String store, java.util.function.Consumer<Path> beforeStart, Registry kinds) {
        this.extraConfig = extraConfig;
        this.store = store;
        this.kinds = kinds;
        try {
            this.dir = Files.createTempDirectory("fulcrum-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        beforeStart.accept(dir);
        this.app = FulcrumApp.start(config(), kinds);
        this.token = app.tokens().create("test");
    }

    static TestServer start() {
        return new TestServer("");
    }

    /** Starts on this kind of database ({@code h2} or {@code pg}) whichever pass of the suite runs. */
    static TestServer startOn(String store) {
        return new TestServer("", store);
    }

    /**
     * Starts on this kind of database with these lines added to config.yaml, after {@code beforeStart} has
     * prepared the server's directory (for example with a database an older version made).
     */
    static TestServer startOn(String store, String extraConfig, java.util.function.Consumer<Path> beforeStart) {
        return new TestServer(extraConfig, store, beforeStart);
    }

    /** Starts a server of these kinds (the standard ones and test-only ones) on this pass's database. */
    static TestServer serving(Registry kinds) {
        return serving(kinds, "");
    }

    /** Starts a server of these kinds with these lines added to config.yaml. */
    static TestServer serving(Registry kinds, String extraConfig) {
        return new TestServer(extraConfig, TestDatabases.STORE, dir -> { }, kinds);
    }

    /** Starts with these lines added to the generated config.yaml. */
    static TestServer startWith(String extraConfig) {
        return new TestServer(extraConfig);
    }

    Path configFile() {
        Path file = dir.resolve("config.yaml");
        if (!Files.exists(file)) {
            try {
                Files.writeString(file, "port: 0\nshutdownGraceMillis: 2000\n"
                        + TestDatabases.stateStoreConfig(dir, store)
                        + "secretKeyFile: " + dir.resolve("secret.key") + "\n" + extraConfig);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    FulcrumConfig config() {
        return ConfigLoader.load(configFile());
    }

    int port() {
        return app.port();
    }

    /** Stops the server and starts a new one on the same database. */
    void restart() {
        stopForTest();
        app = FulcrumApp.start(config(), kinds);
    }

    /** Stops the server; {@link #restart} starts it again. */
    void stopForTest() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    /** Empties the filter index, as in a database written before the filterable fields existed. */
    void forgetFilterIndexForTest() {
        org.jdbi.v3.core.Jdbi.create(app.database().dataSource()).useHandle(handle -> {
            handle.execute("DELETE FROM document_fields");
            handle.execute("DELETE FROM fulcrum_meta WHERE meta_name = 'filter-fields'");
        });
    }

    /**
     * Everything the database holds, as text: on H2 the bytes of its files (after a restart has written every
     * page), on PostgreSQL every row of every table.
     */
    String storedContent() {
        if (!store.equals("pg")) {
            restart();
            StringBuilder all = new StringBuilder();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    all.append(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return all.toString();
        }
        return org.jdbi.v3.core.Jdbi.create(app.database().dataSource()).withHandle(handle -> {
            StringBuilder all = new StringBuilder();
            for (String table : handle.createQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'public'").mapTo(String.class).list()) {
                handle.createQuery("SELECT * FROM \"" + table + "\"").mapToMap().forEach(row -> all.append(row).append('\n'));
            }
            return all.toString();
        });
    }

    /** Waits until refused requests so far are in the audit log (they are written off the request path). */
    void flushAudit() {
        app.flushAudit();
    }

    /** The server's connection pool, for tests that look into the database itself. */
    javax.sql.DataSource dataSource() {
        return app.database().dataSource();
    }

    /** Every route the running server has. */
    java.util.List<io.javalin.router.ParsedEndpoint> routes() {
        return app.routes();
    }

    /** Closes the server's database under it, as if the database had gone away. */
    void closeDatabase() {
        app.database().close();
    }

    dev.fulcrum.app.tokens.TokenService tokenService() {
        return app.tokens();
    }

    static final String REQUEST_ID_HEADER = "X-Request-Id";
    static final String REQUEST_ID = "test-request";

    /** A request with the API token. */
    RequestSpecification api() {
        return anonymous().header("x-imply-api-token", token);
    }

    /**
     * A request without a token. It carries {@link #REQUEST_ID} (a test that gives its own id replaces it), so that
     * two answers a test compares (a right and a wrong guess, a refusal before and after) carry the same
     * {@code requestId} in their error bodies, as one client tracing its calls would see them.
     */
    RequestSpecification anonymous() {
        return unidentified().config(RestAssured.config().headerConfig(HeaderConfig.headerConfig()
                .overwriteHeadersWithName(REQUEST_ID_HEADER))).header(REQUEST_ID_HEADER, REQUEST_ID);
    }

    /** A request without a token and without an {@code X-Request-Id}: the server makes one. */
    RequestSpecification unidentified() {
        return given().baseUri("http://127.0.0.1").port(app.port()).urlEncodingEnabled(false);
    }

    /** Posts {@code {"<wrapper>": document}} to /api/v1/{@code resource}; fails the test unless it is a 200. */
    JsonNode create(String resource, String wrapper, String documentJson) {
        Response response = api().body("{\"" + wrapper + "\":" + documentJson + "}").post("/api/v1/" + resource);
        if (response.statusCode() != 200) {
            throw new AssertionError("create in " + resource + " failed: " + response.statusCode() + " " + response.asString());
        }
        return Jsons.parse(response.asString());
    }

    @Override
    public void close() {
        stopForTest();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
