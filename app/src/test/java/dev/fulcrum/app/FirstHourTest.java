package dev.fulcrum.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a new user meets in the first hour (README, "The two commands" and "Configuration"), run as processes the
 * way the user runs them: no config file, a config file elsewhere, a taken port, a typo in the YAML, the CLI's
 * messages.
 */
@StartsProcesses
class FirstHourTest {
    @TempDir
    Path dir;

    @Test
    void without_a_config_file_serve_starts_with_the_defaults_and_says_so_in_one_line() throws Exception {
        Processes.Server server = Processes.serveWith(List.of(), dir, "--port", "0");
        try {
            assertThat(given().port(server.port()).get("/health").statusCode()).isEqualTo(200);
            assertThat(server.output().toString().lines().filter(line -> line.contains("no config.yaml")))
                    .singleElement().asString().contains(dir.toRealPath().toString(), "using the default of every key");
            assertThat(dir.resolve("var/fulcrum/state.mv.db")).exists();
            assertThat(dir.resolve("var/fulcrum/secret.key")).exists();
        } finally {
            server.terminate();
        }
    }

    @Test
    void serve_port_overrides_the_port_of_the_config_file() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Files.writeString(dir.resolve("config.yaml"), "port: " + taken.getLocalPort() + "\n");
            Processes.Server server = Processes.serveWith(List.of(), dir, "--port", "0");
            try {
                assertThat(server.port()).isNotEqualTo(taken.getLocalPort());
                assertThat(given().port(server.port()).get("/health").statusCode()).isEqualTo(200);
            } finally {
                server.terminate();
            }
        }
    }

    @Test
    void relative_paths_of_a_config_file_are_relative_to_its_directory_not_the_working_directory() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("etc/fulcrum"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(conf.resolve("config.yaml"), "port: 0\nstateStore:\n  type: h2\n  connection: data/state\n"
                + "secretKeyFile: keys/secret.key\nauditLogFile: ../log/audit.jsonl\n");
        Processes.Server server = Processes.serveWith(List.of(), work, "--config", "../etc/fulcrum/config.yaml");
        try {
            assertThat(server.output().toString()).contains("at " + conf.toRealPath().resolve("data/state"));
        } finally {
            server.terminate();
        }
        assertThat(conf.resolve("data/state.mv.db")).exists();
        assertThat(conf.resolve("keys/secret.key")).exists();
        assertThat(dir.resolve("etc/log/audit.jsonl")).exists();
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).as("nothing in the working directory").isEmpty();
        }

        // a key left out takes its default, relative to the file too: as if the file listed every default
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("config.yaml"), "port: 0\n");
        Processes.Result created = Processes.run(work, "token", "create", "--name", "t", "--config", "../other/config.yaml");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(other.resolve("var/fulcrum/state.mv.db")).exists();
    }

    @Test
    void a_taken_port_is_one_line_on_stderr_a_non_zero_exit_and_no_database_files() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Files.writeString(dir.resolve("config.yaml"), "port: " + taken.getLocalPort() + "\n");
            Path err = Files.createTempFile("serve", ".err");
            Process serve = Processes.fulcrum(dir, "serve").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile()).start();
            boolean ended = serve.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                serve.destroyForcibly();
            }
            assertThat(ended).as("serve ended").isTrue();
            assertThat(serve.exitValue()).isNotZero();
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            Files.delete(err);
            assertThat(stderr.lines()).singleElement().asString()
                    .contains("port " + taken.getLocalPort() + " is already in use", "--port");
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(file -> file.getFileName().toString())).containsExactly("config.yaml");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "port: 0\\nport: 1\\n|duplicate key 'port' at line 2",
            "stateStore:\\n  type: h2\\n  type: pg\\n|duplicate key 'stateStore.type' at line 3",
            "port: 0\\n\\tstateStore: x\\n|not valid YAML at line 2, column 1",
            "stateStore: {type: h2, connection: \"x}\\n|not valid YAML at line 2, column 1: found unexpected end of stream",
            "port: 9095: 1\\n|not valid YAML at line 1, column 11: mapping values are not allowed here"})
    void a_duplicate_key_or_a_yaml_syntax_error_is_named_with_its_line(String yaml, String expected) throws IOException {
        Files.writeString(dir.resolve("config.yaml"), yaml.replace("\\n", "\n").replace("\\t", "\t"));
        Processes.Result result = Processes.run(dir, "token", "list");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err().lines()).singleElement().asString().contains(expected).doesNotContain("wrong value");
        assertThat(dir.resolve("var")).doesNotExist();
    }

    @Test
    void import_of_a_missing_file_says_no_such_file_with_its_path() {
        Processes.Result result = Processes.run(dir, "import", "bundel.json");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("no such file: " + dir.resolve("bundel.json").toAbsolutePath());
    }

    @Test
    void an_import_conflict_points_to_the_dry_run_option_of_the_command_line() throws Exception {
        Processes.Result imported = Processes.run(dir, "import", writeViewerRole("Viewer").toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        Processes.Result refused = Processes.run(dir, "import", writeViewerRole("Changed").toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("changed nothing: 1 of 1 documents conflict", "--dry-run",
                "resources.roles[0]: exists and differs").doesNotContain("dryRun");
    }

    private Path writeViewerRole(String title) throws IOException {
        return Files.writeString(dir.resolve("roles.json"), "{\"fulcrumBundle\": 1, \"resources\": {\"roles\": [{\"name\":"
                + " \"viewer\", \"title\": \"" + title + "\", \"permissions\": [{\"name\": \"AccessVisualization\"}]}]}}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "super-admin|They can now sign in to the API tokens page and manage their tokens there.",
            "viewer|cannot use it: none of their roles grants ManageApiTokens."})
    void user_create_says_whether_the_user_can_use_the_api_tokens_page(String role, String expected) throws IOException {
        Processes.Result imported = Processes.run(dir, "import", writeViewerRole("Viewer").toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        Processes.Result created = Processes.runWithInput(dir, "a long enough secret\n", "user", "create",
                "--name", "ada@example.com", "--role", role, "--password-stdin");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.lastLine()).contains(expected);
    }

    /** README, "Users, passwords and roles": each {@code $ curl} of the verify example, in order, answers the line under it. */
    @Test
    void the_readme_verify_example_works_as_written_in_order() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        String section = readme.substring(readme.indexOf("checks a password for admin-UI backends"));
        String block = section.substring(section.indexOf("```sh") + 5, section.indexOf("```", section.indexOf("```sh") + 5));
        Matcher step = Pattern.compile("\\$ curl -H \"\\$H\" --data '([^']*)'[\\s\\\\]*localhost:9095(\\S+)\n\\s*(\\S[^\n]*)")
                .matcher(block);
        try (TestServer server = TestServer.start()) {
            int steps = 0;
            while (step.find()) {
                String answer = server.api().body(step.group(1)).post(step.group(2)).asString();
                assertThat(withoutTimes(answer)).as(step.group()).isEqualTo(withoutTimes(step.group(3).strip()));
                steps++;
            }
            assertThat(steps).as("the example's requests").isEqualTo(3);
        }
    }

    private static String withoutTimes(String json) {
        return json.replaceAll("\"createdAt\":\"[^\"]*\"", "\"createdAt\":\"...\"");
    }
}
