package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image tar that {@code mvn -Pimage} builds with Jib (app/target/fulcrum-image.tar): its configuration, and, where
 * the test runs as root on Linux, the image itself, unpacked and run as a container runs it (its own root directory,
 * PID and mount namespaces, a fresh /proc, the image's user and working directory), without a container engine.
 */
class ImageIT {
    private static final Path TAR = Path.of(System.getProperty("fulcrum.image.tar", "target/fulcrum-image.tar"));
    private static final Pattern SERVING = Pattern.compile("serving on port (\\d+)");
    private static JsonNode config;
    private static List<String> layers;

    @TempDir
    Path dir;

    @BeforeAll
    static void readTheImage(@TempDir Path unpacked) throws Exception {
        run(unpacked, "tar", "-xf", TAR.toAbsolutePath().toString());
        JsonNode manifest = Jsons.parse(Files.readString(unpacked.resolve("manifest.json"))).get(0);
        config = Jsons.parse(Files.readString(unpacked.resolve(manifest.path("Config").asText()))).path("config");
        layers = new ArrayList<>();
        manifest.path("Layers").forEach(layer -> layers.add(unpacked.resolve(layer.asText()).toString()));
    }

    @Test
    void the_image_runs_the_server_as_a_user_that_is_not_root_with_its_state_in_one_volume() {
        assertThat(config.path("User").asText()).isEqualTo("10001:10001");
        List<String> entrypoint = new ArrayList<>();
        config.path("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
        assertThat(entrypoint).contains("-Xmx192m", "-XX:+UseSerialGC", "dev.fulcrum.app.Main");
        assertThat(config.path("Cmd").toString()).isEqualTo("[\"serve\"]");
        assertThat(config.path("ExposedPorts").has("9095/tcp")).isTrue();
        assertThat(config.path("Volumes").has("/var/lib/fulcrum")).isTrue();
        assertThat(config.path("WorkingDir").asText()).isEqualTo("/var/lib/fulcrum");
    }

    @Test
    void the_unpacked_image_serves_and_keeps_its_state_owner_only() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare")),
                "running the image without a container engine takes root and util-linux's unshare");
        Path root = Files.createDirectories(dir.resolve("root"));
        for (String layer : layers) {
            run(root, "tar", "--warning=no-unknown-keyword", "-xzf", layer);
        }
        String token = runInImage(root, "token", "create", "--name", "image").lastLine();
        assertThat(token).startsWith("fulcrum_");
        Process server = startInImage(root, "serve", "--port", "0");
        try {
            int port = servingPort(server);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> users = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/users")).header("x-imply-api-token", token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(users.statusCode()).isEqualTo(200);
            // what a HEALTHCHECK runs: the image has no shell and no curl
            assertThat(runInImage(root, "healthcheck", "--port", String.valueOf(port)).out()).contains("200 {");
        } finally {
            server.destroy(); // SIGTERM, passed on to the server
            server.waitFor(30, TimeUnit.SECONDS);
        }
        Path state = root.resolve("var/lib/fulcrum/var/fulcrum");
        for (String file : List.of("state.mv.db", "state.credentials", "secret.key")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve(file)))).as(file)
                    .isEqualTo("rw-------");
            assertThat(Files.getOwner(state.resolve(file)).getName()).as(file).isIn("10001", "fulcrum");
        }
    }

    /** The image's entrypoint with {@code args}, as its user, in its working directory, with a /proc of its own. */
    private static ProcessBuilder inImage(Path root, String... args) {
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child=SIGTERM",
                "/bin/sh", "-c", "mount -t proc proc \"$0/proc\" && exec \"$@\"", root.toString(),
                "env", "-i"));
        config.path("Env").forEach(variable -> command.add(variable.asText()));
        String[] user = config.path("User").asText().split(":");
        command.addAll(List.of("unshare", "--root=" + root, "--wd=" + config.path("WorkingDir").asText(),
                "--setuid", user[0], "--setgid", user[1]));
        config.path("Entrypoint").forEach(arg -> command.add(arg.asText()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private static Processes.Result runInImage(Path root, String... args) throws Exception {
        Process process = inImage(root, args).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return new Processes.Result(0, out, "");
    }

    private static Process startInImage(Path root, String... args) throws IOException {
        return inImage(root, args).start();
    }

    private static int servingPort(Process server) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = lines.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher matcher = SERVING.matcher(line);
            if (matcher.find()) {
                Thread drain = new Thread(() -> lines.lines().forEach(next -> { }));
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new AssertionError("the image's server exited before serving:\n" + seen);
    }

    private static void run(Path workDir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
