package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.app.config.ConfigLoader;
import dev.fulcrum.store.Database;
import dev.fulcrum.store.StoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, section 1: another user of the machine must not get the H2 database. Before, the lock file
 * (0644) named the AUTO_SERVER port, {@code sa} with an empty password opened it, and an admin session
 * read the key file with FILE_READ and ran Java code with CREATE ALIAS. These tests are about H2 alone.
 */
@StartsProcesses
class LocalUsersTest {
    private static final String RUN_A_COMMAND = "CREATE ALIAS RUN_A_COMMAND FOR 'java.lang.Runtime.exec(java.lang.String)'";
    private static final String COMPILED_COMMAND = "CREATE ALIAS COMPILED_COMMAND AS 'String run(String c) throws Exception"
            + " { return new String(Runtime.getRuntime().exec(c).getInputStream().readAllBytes()); }'";

    @BeforeEach
    void onlyOnH2() {
        Assumptions.assumeFalse(TestDatabases.STORE.equals("pg"), "about H2's files and users; the H2 pass runs it");
    }

    @Test
    void a_database_made_with_sa_and_an_empty_password_is_migrated_and_then_refuses_sa() throws Exception {
        try (TestServer server = TestServer.startOn("h2", "", dir -> {
            try (Database old = Database.open(new StoreConfig("h2", dir.resolve("db/state").toString(), "sa", ""))) {
                old.meta().putIfAbsent("made-by", "an older Fulcrum");
            }
        })) {
            assertThat(madeBy(server)).isEqualTo("an older Fulcrum");
            assertThatThrownBy(() -> DriverManager.getConnection(h2Url(server), "sa", "").close())
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(28000));

            server.restart(); // the second start finds the credentials file and the migrated users
            assertThat(madeBy(server)).isEqualTo("an older Fulcrum");
            assertThat(server.api().get("/api/v1/roles").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_database_with_a_planted_user_or_function_does_not_start_until_an_operator_removed_them() throws Exception {
        Path dir = Files.createTempDirectory("fulcrum-planted");
        try {
            try (Database old = Database.open(new StoreConfig("h2", dir.resolve("db/state").toString(), "sa", ""));
                 Connection connection = old.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE USER BACKDOOR PASSWORD 'known to another local user' ADMIN");
                statement.execute(COMPILED_COMMAND);
            }
            Path config = Files.writeString(dir.resolve("config.yaml"), "port: 0\nstateStore:\n  type: h2\n  connection: "
                    + dir.resolve("db/state") + "\nsecretKeyFile: " + dir.resolve("secret.key") + "\n");

            assertThatThrownBy(() -> FulcrumApp.start(ConfigLoader.load(config)).close())
                    .hasMessageContaining("user BACKDOOR")
                    .hasMessageContaining("function PUBLIC.COMPILED_COMMAND");
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db/state"), "sa", "").close())
                    .as("sa is gone all the same").isInstanceOf(SQLException.class);
        } finally {
            delete(dir);
        }
    }

    @Test
    void the_servers_own_connections_can_neither_run_java_nor_read_files() throws Exception {
        try (TestServer server = TestServer.startOn("h2", "", dir -> { })) {
            Properties credentials = credentials(server);
            try (Connection app = DriverManager.getConnection(h2Url(server), credentials.getProperty("user"),
                    credentials.getProperty("password"));
                 Statement statement = app.createStatement()) {
                for (String attack : new String[] {RUN_A_COMMAND, COMPILED_COMMAND,
                        "SELECT FILE_READ('" + server.dir.resolve("secret.key") + "')",
                        "CALL FILE_WRITE('x', '" + server.dir.resolve("written") + "')",
                        "SCRIPT TO '" + server.dir.resolve("dump.sql") + "'",
                        "CREATE TRIGGER SPY BEFORE INSERT ON api_tokens AS 'org.h2.api.Trigger create() { return null; }'"}) {
                    assertThatThrownBy(() -> statement.execute(attack)).as(attack)
                            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(90040));
                }
                assertThat(statement.executeQuery("SELECT COUNT(*) FROM api_tokens").next()).isTrue();
            }
            try (Connection admin = DriverManager.getConnection(h2Url(server), credentials.getProperty("adminUser"),
                    credentials.getProperty("adminPassword"));
                 Statement statement = admin.createStatement()) {
                assertThatThrownBy(() -> statement.execute(RUN_A_COMMAND)).as("h2.allowedClasses")
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(90134));
            }
        }
    }

    @Test
    void every_file_and_directory_fulcrum_creates_is_owner_only_even_under_umask_000() throws Exception {
        Path dir = Files.createTempDirectory("fulcrum-modes");
        try {
            Path config = Files.writeString(dir.resolve("config.yaml"), "port: 0\nstateStore:\n  type: h2\n  connection: "
                    + dir.resolve("var/fulcrum/state") + "\nsecretKeyFile: " + dir.resolve("keys/secret.key")
                    + "\nauditLogFile: " + dir.resolve("logs/audit.jsonl") + "\n");
            Process serve = underUmask000(Processes.fulcrum(dir, "serve", "--config", config.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
            try {
                String token = awaitToken(dir, config);
                int port = servingPort(dir.resolve("serve.log"));
                assertThat(io.restassured.RestAssured.given().baseUri("http://127.0.0.1").port(port)
                        .header("x-imply-api-token", token).body("{\"role\":{\"name\":\"audited\",\"permissions\":[]}}")
                        .post("/api/v1/roles").statusCode()).isEqualTo(200);
                Process export = underUmask000(Processes.fulcrum(dir, "export", "--config", config.toString(),
                        "--output", dir.resolve("exports/bundle.json").toString())).redirectErrorStream(true).start();
                assertThat(export.waitFor()).as(new String(export.getInputStream().readAllBytes())).isZero();
                assertThat(Files.readString(dir.resolve("logs/audit.jsonl"))).contains("audited");
                assertThat(dir.resolve("var/fulcrum/state.lock.db")).exists();

                for (String made : new String[] {"var", "var/fulcrum", "keys", "logs", "exports"}) {
                    assertThat(mode(dir.resolve(made))).as(made).isEqualTo("rwx------");
                }
                try (var files = Files.list(dir.resolve("var/fulcrum"))) {
                    assertThat(files.map(Path::getFileName).map(Path::toString))
                            .contains("state.mv.db", "state.lock.db", "state.credentials");
                }
                for (Path file : filesUnder(dir, "var", "keys", "logs", "exports")) {
                    assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
                }
            } finally {
                serve.destroy();
                serve.waitFor();
            }
        } finally {
            delete(dir);
        }
    }

    private static ProcessBuilder underUmask000(ProcessBuilder fulcrum) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("sh", "-c", "umask 000 && exec \"$@\"", "sh"));
        command.addAll(fulcrum.command());
        return fulcrum.command(command);
    }

    private static String awaitToken(Path dir, Path config) throws InterruptedException {
        for (int attempt = 0; attempt < 120; attempt++) {
            if (Files.exists(dir.resolve("serve.log")) && servingPort(dir.resolve("serve.log")) > 0) {
                Processes.Result created = Processes.run(dir, "token", "create", "--name", "modes", "--config", config.toString());
                assertThat(created.exitCode()).as(created.err()).isZero();
                return created.lastLine();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("fulcrum serve did not start");
    }

    private static int servingPort(Path log) {
        try {
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("serving on port (\\d+)").matcher(Files.readString(log));
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.List<Path> filesUnder(Path dir, String... subdirectories) throws IOException {
        java.util.List<Path> files = new java.util.ArrayList<>();
        for (String subdirectory : subdirectories) {
            try (var walk = Files.walk(dir.resolve(subdirectory))) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        return files;
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    static String h2Url(TestServer server) {
        return "jdbc:h2:file:" + server.dir.resolve("db/state") + ";AUTO_SERVER=TRUE";
    }

    static Properties credentials(TestServer server) throws IOException {
        Properties credentials = new Properties();
        try (InputStream in = Files.newInputStream(server.dir.resolve("db/state.credentials"))) {
            credentials.load(in);
        }
        return credentials;
    }

    private static String madeBy(TestServer server) {
        return Jdbi.create(server.dataSource()).withHandle(handle -> handle
                .createQuery("SELECT meta_value FROM fulcrum_meta WHERE meta_name = 'made-by'").mapTo(String.class).one());
    }

    static void delete(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
