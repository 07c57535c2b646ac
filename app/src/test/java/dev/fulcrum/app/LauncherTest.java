package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/fulcrum}, the README's way to start Fulcrum, run as a user runs it: from a checkout laid out as the
 * build leaves it (bin/fulcrum, app/target/fulcrum.jar). The jar here is the test's class path behind a manifest, laid
 * out in a directory of its own, with no class data sharing archive beside it: one of the cases the launcher must
 * start without. (Every other {@link StartsProcesses} class runs the real jar and archive through the launcher.)
 */
@StartsProcesses
class LauncherTest {
    private static final Path LAUNCHER = Processes.LAUNCHER;
    private static final Pattern SERVING = Pattern.compile("serving on port (\\d+)");

    @TempDir
    Path home;
    @TempDir
    Path elsewhere;

    @BeforeEach
    void layOutACheckout() throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.copy(LAUNCHER, home.resolve("bin/fulcrum"));
        Files.createDirectories(home.resolve("app/target"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.fulcrum.app.Main");
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.add(Path.of(entry).toUri().toString());
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        try (OutputStream jar = new JarOutputStream(Files.newOutputStream(jar()), manifest)) {
            jar.flush();
        }
        Files.writeString(elsewhere.resolve("config.yaml"), "port: 0\nstateStore:\n  type: h2\n  connection: "
                + elsewhere.resolve("state") + "\nsecretKeyFile: " + elsewhere.resolve("secret.key") + "\n");
    }

    private Path jar() {
        return home.resolve("app/target/fulcrum.jar");
    }

    @Test
    void it_runs_the_command_line_from_any_working_directory_with_every_argument_passed_through() throws Exception {
        Processes.Result created = launch(Map.of(), "token", "create", "--name", "from-elsewhere", "--expires-in", "30d");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.lastLine()).startsWith("fulcrum_");

        Processes.Result listed = launch(Map.of(), "token", "list");
        assertThat(listed.out()).contains("from-elsewhere");
        assertThat(launch(Map.of(), "--version").out()).contains("fulcrum 0.1.0");
    }

    @Test
    void a_symlink_to_it_finds_the_checkout_it_points_into() throws Exception {
        Path link = elsewhere.resolve("fulcrum");
        Files.createSymbolicLink(link, home.resolve("bin/fulcrum"));
        Processes.Result result = run(new ProcessBuilder(link.toString(), "--version"));
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("fulcrum 0.1.0");
    }

    @Test
    void the_server_gets_a_192_mb_heap_and_the_commands_the_quick_compiler() throws Exception {
        Map<String, String> printFlags = Map.of("JAVA_OPTS", "-XX:+PrintFlagsFinal");
        String server = launch(printFlags, "serve", "--help").out();
        assertThat(flag(server, "MaxHeapSize")).isEqualTo(String.valueOf(192L << 20));
        assertThat(flag(server, "UseSerialGC")).isEqualTo("true");
        assertThat(flag(server, "TieredStopAtLevel")).isEqualTo("4");
        if (server.contains(" TrimNativeHeapInterval ")) { // a flag of recent 17.0.x updates only
            assertThat(flag(server, "TrimNativeHeapInterval")).isEqualTo("1000");
        }
        // no thread keeps a temporary direct buffer of H2's chunk size (README, "Memory")
        assertThat(launch(Map.of("JAVA_OPTS", "-XshowSettings:properties"), "serve", "--help").err())
                .contains("jdk.nio.maxCachedBufferSize = 262144");

        String command = launch(printFlags, "token", "--help").out();
        assertThat(flag(command, "TieredStopAtLevel")).isEqualTo("1");
    }

    @Test
    void whether_the_jvm_knows_the_native_trim_flag_is_asked_once_per_jvm_and_remembered_beside_the_jar() throws Exception {
        Path known = home.resolve("app/target/fulcrum.jvm-flags");
        Map<String, String> printFlags = Map.of("JAVA_OPTS", "-XX:+PrintFlagsFinal", "JAVA_HOME", System.getProperty("java.home"));
        String first = launch(printFlags, "serve", "--help").out();
        List<String> remembered = Files.readAllLines(known);
        assertThat(remembered).hasSize(2);
        String java = Path.of(System.getProperty("java.home"), "bin/java").toRealPath().toString();
        assertThat(remembered.get(0)).startsWith(java + " ");
        boolean knows = first.contains(" TrimNativeHeapInterval ");
        assertThat(remembered.get(1)).isEqualTo(knows ? "yes" : "no");

        // the answer remembered is the one used: a "no" for this JVM leaves the flag out without asking again
        Files.write(known, List.of(remembered.get(0), "no"));
        String told = launch(printFlags, "serve", "--help").out();
        if (knows) {
            assertThat(flag(told, "TrimNativeHeapInterval")).isEqualTo("0");
        }
        assertThat(Files.readAllLines(known)).containsExactly(remembered.get(0), "no");

        // another JVM (or this one updated: another modification time), or a damaged file: asked again
        for (List<String> stale : List.of(List.of("/opt/other-jdk/bin/java 1", "yes"), List.of(remembered.get(0)))) {
            Files.write(known, stale);
            String asked = launch(printFlags, "serve", "--help").out();
            assertThat(Files.readAllLines(known)).containsExactlyElementsOf(remembered);
            if (knows) {
                assertThat(flag(asked, "TrimNativeHeapInterval")).isEqualTo("1000");
            }
        }
    }

    @Test
    void the_users_java_opts_win_over_its_settings_and_another_collector_replaces_its_own() throws Exception {
        String server = launch(Map.of("JAVA_OPTS", "-Xmx300m -XX:+UseParallelGC -XX:+PrintFlagsFinal"), "serve", "--help").out();
        assertThat(flag(server, "MaxHeapSize")).isEqualTo(String.valueOf(300L << 20));
        assertThat(flag(server, "UseParallelGC")).isEqualTo("true");
        assertThat(flag(server, "UseSerialGC")).isEqualTo("false");
    }

    @Test
    void java_home_picks_the_jvm() throws Exception {
        assertThat(launch(Map.of("JAVA_HOME", System.getProperty("java.home")), "--version").exitCode()).isZero();
        Processes.Result absent = launch(Map.of("JAVA_HOME", elsewhere.resolve("no-jdk").toString()), "--version");
        assertThat(absent.exitCode()).isNotZero();
        assertThat(absent.err()).contains("no-jdk/bin/java");
    }

    @Test
    void a_broken_or_outdated_class_data_archive_never_stops_a_start() throws Exception {
        Path archive = home.resolve("app/target/fulcrum.jsa");
        Files.write(archive, "not an archive".repeat(1000).getBytes(StandardCharsets.UTF_8));
        Processes.Result broken = launch(Map.of(), "--version");
        assertThat(broken.exitCode()).as(broken.err()).isZero();
        assertThat(broken.out().strip()).isEqualTo("fulcrum 0.1.0");

        assertThat(archive.toFile().setLastModified(jar().toFile().lastModified() - 60_000)).isTrue();
        String flags = launch(Map.of("JAVA_OPTS", "-XX:+PrintFlagsFinal"), "--version").out();
        assertThat(flag(flags, "SharedArchiveFile")).as("an archive older than the jar is left out").isEmpty();
    }

    @Test
    void the_server_is_the_process_it_started_and_stops_on_sigterm() throws Exception {
        Process process = new ProcessBuilder(home.resolve("bin/fulcrum").toString(), "serve", "--config", "config.yaml")
                .directory(elsewhere.toFile()).redirectErrorStream(true).start();
        try {
            int port = servingPort(process);
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            // the launcher exec'd the JVM: the PID it was started as is the server's, so its memory and signals are
            assertThat(process.info().command().orElseThrow()).endsWith("/java");
            assertThat(Files.readString(Path.of("/proc/" + process.pid() + "/cmdline"))).contains("serve");
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isIn(0, 143);
        } finally {
            process.destroyForcibly();
        }
    }

    private static int servingPort(Process process) throws IOException {
        var lines = process.inputReader(StandardCharsets.UTF_8);
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
        throw new AssertionError("bin/fulcrum serve exited before serving:\n" + seen);
    }

    /** A flag's value in -XX:+PrintFlagsFinal's table ("" when unset, as an absent archive file is). */
    private static String flag(String printed, String name) {
        Matcher matcher = Pattern.compile("(?m)^\\s*\\S+ " + name + " += (\\S*)").matcher(printed);
        assertThat(matcher.find()).as(name + " in the printed flags").isTrue();
        return matcher.group(1).startsWith("{") ? "" : matcher.group(1);
    }

    /** bin/fulcrum ARGS run in another directory (the one holding config.yaml), with these environment variables. */
    private Processes.Result launch(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/fulcrum").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(elsewhere.toFile());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().putAll(environment);
        return run(builder);
    }

    private static Processes.Result run(ProcessBuilder builder) throws Exception {
        Process process = builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread errors = new Thread(() -> {
            try {
                err.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.completeExceptionally(e);
            }
        });
        errors.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(builder.command() + " did not finish");
        }
        return new Processes.Result(process.exitValue(), out, err.get(60, TimeUnit.SECONDS));
    }
}
