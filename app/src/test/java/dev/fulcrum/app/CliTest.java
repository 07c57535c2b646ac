package dev.fulcrum.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fulcrum.app.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line, run in its own JVM exactly as scripts run it. Beside other classes: its one timed check (a
 * revoked token refused by a request sent more than 1 s after the revocation) takes its times before each request,
 * so a busy machine cannot make it pass or fail.
 */
@StartsProcesses
@Execution(ExecutionMode.CONCURRENT) // each test has its own directory and ports: the longest class of its pass runs its tests side by side
class CliTest {
    @TempDir
    Path dir;

    @BeforeEach
    void writeConfig() throws IOException {
        // absolute paths: the CLI runs in dir, the in-process server in the build's working directory
        Files.writeString(dir.resolve("config.yaml"), "port: 0\nstateStore:\n  type: h2\n  connection: "
                + dir.resolve("var/fulcrum/state") + "\nsecretKeyFile: " + dir.resolve("var/fulcrum/secret.key") + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "serve --help", "token --help", "token create --help", "token list --help",
            "token revoke --help", "help token", "export --help", "import --help", "user --help", "user create --help",
            "backup --help", "restore-backup --help", "healthcheck --help"})
    void every_command_has_help(String args) {
        Processes.Result result = Processes.run(dir, args.split(" "));
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage:");
    }

    @Test
    void the_help_lists_every_command_and_a_mistyped_one_is_named() {
        // a command line naming a command builds only that one: the rest must still be there for the help and typos
        Processes.Result help = Processes.run(dir, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("  serve ", "  token ", "  user ", "  export ", "  import ", "  backup ",
                "  restore-backup ", "  healthcheck ", "  help ");
        Processes.Result typo = Processes.run(dir, "tokn", "list");
        assertThat(typo.exitCode()).isNotZero();
        assertThat(typo.err()).contains("'tokn'", "token");
    }

    @Test
    void the_log_is_the_operators_own_when_a_logback_file_is_named_and_its_level_can_be_raised() throws IOException {
        // no config.yaml in a directory of its own: the command logs that it uses the defaults
        Path bare = Files.createDirectory(dir.resolve("bare"));
        Processes.Result ours = Processes.run(bare, "token", "list");
        assertThat(ours.exitCode()).as(ours.err()).isZero();
        assertThat(ours.err())
                .containsPattern("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+\\+0000 INFO ConfigOption - no config.yaml in ");
        Path file = dir.resolve("logback.xml");
        Files.writeString(file, "<configuration><appender name='E' class='ch.qos.logback.core.ConsoleAppender'>"
                + "<target>System.err</target><encoder><pattern>MINE %level %msg%n</pattern></encoder></appender>"
                + "<root level='INFO'><appender-ref ref='E'/></root></configuration>");
        Processes.Result theirs = Processes.run(List.of("-Dlogback.configurationFile=" + file), bare, "token",
                "list");
        assertThat(theirs.exitCode()).as(theirs.err()).isZero();
        assertThat(theirs.err()).contains("MINE INFO no config.yaml in ").doesNotContain("INFO ConfigOption");
        Processes.Result quiet = Processes.run(List.of("-Dfulcrum.logLevel=WARN"), bare, "token", "list");
        assertThat(quiet.exitCode()).as(quiet.err()).isZero();
        assertThat(quiet.err()).doesNotContain("INFO ConfigOption");
    }

    @ParameterizedTest
    @ValueSource(strings = {"frobnicate", "serve --bogus", "token create", "token create --name x --extra",
            "token", "token delete --name x", "import", "export --include-secrets", "export --resources cubes",
            "import bundle.json --on-existing replace", "export --passphrase-env X",
            "token create --name x --expires-in soon", "token create --name x --role absent",
            "user", "user create --name x", "user create --name x --role super-admin", "backup", "restore-backup",
            "healthcheck --path health"})
    void unknown_or_missing_arguments_are_a_clear_error_and_a_non_zero_exit(String args) {
        Processes.Result result = Processes.run(dir, args.split(" "));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).isNotBlank();
    }

    @Test
    void a_missing_config_is_reported_without_a_stack_trace() {
        Processes.Result result = Processes.run(dir, "token", "list", "--config", "absent.yaml");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("config file not found").doesNotContain("\tat ");
    }

    /**
     * A command reaches a running server's database through that process (H2's AUTO_SERVER), and H2 reads its answer
     * with no time limit: a server stopped with SIGSTOP (or stuck) kept {@code token list} waiting for ever, silent.
     */
    @Test
    void a_command_gives_up_with_a_clear_error_when_the_server_holding_the_database_does_not_answer() throws Exception {
        Processes.Server server = Processes.serve(dir, "config.yaml");
        try {
            signal(server, "STOP");
            long start = System.nanoTime();
            Processes.Result stuck = assertTimeoutPreemptively(Duration.ofSeconds(90),
                    () -> Processes.run(dir, "token", "list"), "the command waited for the stopped server");
            assertThat(stuck.exitCode()).isEqualTo(1);
            assertThat(stuck.err()).contains("error: ", "has not answered for 15 s", "stopped or stuck")
                    .doesNotContain("\tat ", "Exception");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));

            signal(server, "CONT");
            Processes.Result again = Processes.run(dir, "token", "list");
            assertThat(again.exitCode()).as(again.err()).isZero();
        } finally {
            signal(server, "CONT");
            server.terminate();
        }
    }

    /**
     * H2 applies the settings of a session's URL to the database it reaches, and a command reaches a running server's
     * database through that server: each command's page cache, a quarter of its own JVM's heap (256 MB), became the
     * server's, in a 192 MB heap. Large documents then filled the server's heap and H2 closed the database (a
     * black-box review, 2026-12-02).
     */
    @Test
    void a_command_beside_the_server_leaves_the_servers_page_cache_as_the_server_sized_it() throws Exception {
        Processes.Server server = Processes.serve(dir, "config.yaml");
        try {
            long before = serversCacheKb(dir.resolve("var/fulcrum"));
            assertThat(before).as("the server's own: a quarter of its 192 MB heap").isBetween(16_000L, 49_152L);
            assertThat(Processes.run(dir, "token", "list").exitCode()).isZero();
            assertThat(Processes.run(dir, "export", "--output", dir.resolve("bundle.json").toString()).exitCode()).isZero();
            assertThat(serversCacheKb(dir.resolve("var/fulcrum"))).isEqualTo(before);
        } finally {
            server.terminate();
        }
    }

    /** The page cache of the database the server holds, asked through its AUTO_SERVER port as its admin. */
    private static long serversCacheKb(Path stateDir) throws Exception {
        java.util.Properties logins = H2CrashPointsTest.logins(stateDir);
        try (java.sql.Connection admin = java.sql.DriverManager.getConnection("jdbc:h2:file:" + stateDir.resolve("state")
                + ";AUTO_SERVER=TRUE", logins.getProperty("adminUser"), logins.getProperty("adminPassword"));
             java.sql.ResultSet rows = admin.createStatement().executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'CACHE_SIZE'")) {
            rows.next();
            return Long.parseLong(rows.getString(1));
        }
    }

    private static void signal(Processes.Server server, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(server.process().pid())).start().waitFor())
                .isZero();
    }

    @Test
    void tokens_are_managed_while_the_server_is_stopped_and_while_it_runs() throws Exception {
        Processes.Result created = Processes.run(dir, "token", "create", "--name", "offline");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String offline = created.lastLine();
        assertThat(offline).startsWith("fulcrum_");

        Processes.Result duplicate = Processes.run(dir, "token", "create", "--name", "offline");
        assertThat(duplicate.exitCode()).isNotZero();
        assertThat(duplicate.err()).contains("already exists");

        try (FulcrumApp app = FulcrumApp.start(ConfigLoader.load(dir.resolve("config.yaml")))) {
            assertThat(status(app, offline)).isEqualTo(200);

            String online = Processes.run(dir, "token", "create", "--name", "online").lastLine();
            assertThat(status(app, online)).as("a new token works at once").isEqualTo(200);

            Processes.Result list = Processes.run(dir, "token", "list");
            assertThat(list.exitCode()).isZero();
            assertThat(list.out()).contains("offline", "online").doesNotContain(offline, online);

            assertThat(Processes.run(dir, "token", "revoke", "--name", "online").exitCode()).isZero();
            long revokedAt = System.nanoTime();
            while (true) { // README: refused within 1 s by a running server (its check of a token is cached for 1 s)
                long sentAt = System.nanoTime();
                if (status(app, online) != 200) {
                    break;
                }
                assertThat(sentAt - revokedAt).as("a request sent more than 1 s after the revocation succeeded")
                        .isLessThan(1_000_000_000L);
                Thread.sleep(20);
            }
            assertThat(status(app, offline)).isEqualTo(200);
        }
        Processes.Result missing = Processes.run(dir, "token", "revoke", "--name", "never-was");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("no active token named 'never-was'");
    }

    @Test
    void a_token_gets_a_role_and_an_expiry() throws Exception {
        Processes.Result created = Processes.run(dir, "token", "create", "--name", "ci", "--role", "super-admin",
                "--expires-in", "30d");
        assertThat(created.exitCode()).as(created.err()).isZero();
        Processes.Result list = Processes.run(dir, "token", "list");
        assertThat(list.out()).contains("ci", "super-admin").doesNotContain("never  ");
        try (FulcrumApp app = FulcrumApp.start(ConfigLoader.load(dir.resolve("config.yaml")))) {
            assertThat(status(app, created.lastLine())).isEqualTo(200);
        }
    }

    @Test
    void a_first_administrator_is_created_with_a_password_from_standard_input() throws Exception {
        Processes.Result created = Processes.runWithInput(dir, "a long enough secret\n", "user", "create",
                "--name", "admin@example.com", "--role", "super-admin", "--password-stdin");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out() + created.err()).doesNotContain("a long enough secret");
        Processes.Result again = Processes.runWithInput(dir, "a long enough secret\n", "user", "create",
                "--name", "admin@example.com", "--role", "super-admin", "--password-stdin");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("already exists");
        Processes.Result weak = Processes.runWithInput(dir, "short\n", "user", "create",
                "--name", "weak@example.com", "--role", "super-admin", "--password-stdin");
        assertThat(weak.exitCode()).isNotZero();
        assertThat(weak.err()).contains("pass");
        try (FulcrumApp app = FulcrumApp.start(ConfigLoader.load(dir.resolve("config.yaml")))) {
            String token = Processes.run(dir, "token", "create", "--name", "check").lastLine();
            var verify = given().port(app.port()).header("x-imply-api-token", token)
                    .body("{\"password\":\"a long enough secret\"}").post("/api/v1/user-auths/admin@example.com/verify");
            assertThat(verify.asString()).isEqualTo("{\"valid\":true}");
            assertThat(given().port(app.port()).header("x-imply-api-token", token).get("/api/v1/users/admin@example.com")
                    .asString()).contains("super-admin");
            assertThat(given().port(app.port()).header("x-imply-api-token", token).get("/api/v1/users/weak@example.com")
                    .statusCode()).as("a refused password leaves no user behind").isEqualTo(404);
        }
    }

    @Test
    @SuppressWarnings("try") // the server only has to run meanwhile
    void the_shared_database_port_accepts_only_local_connections() throws Exception {
        try (FulcrumApp app = FulcrumApp.start(ConfigLoader.load(dir.resolve("config.yaml")))) {
            Path lock = dir.resolve("var/fulcrum/state.lock.db");
            assertThat(lock).exists();
            java.util.Properties properties = new java.util.Properties();
            try (var in = Files.newInputStream(lock)) {
                properties.load(in);
            }
            int port = Integer.parseInt(properties.getProperty("server").replaceAll(".*:", ""));
            try (java.net.Socket local = new java.net.Socket("127.0.0.1", port)) {
                assertThat(local.isConnected()).isTrue();
            }
            for (java.net.InetAddress address : externalAddresses()) {
                assertThatThrownBy(() -> new java.net.Socket(address, port).close())
                        .as("connecting through " + address).isInstanceOf(java.net.ConnectException.class);
            }
        }
    }

    private static java.util.List<java.net.InetAddress> externalAddresses() throws java.net.SocketException {
        return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(java.net.NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .toList();
    }

    private static int status(FulcrumApp app, String token) {
        return given().port(app.port()).header("x-imply-api-token", token).get("/api/v1/users").statusCode();
    }
}
