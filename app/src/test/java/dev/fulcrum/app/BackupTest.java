package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fulcrum backup} beside a server under write load, and {@code fulcrum restore-backup}, in their own JVMs. */
@StartsProcesses
class BackupTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    @TempDir
    Path fresh;

    @Test
    void a_backup_under_write_load_holds_every_write_acknowledged_before_it_and_restores_into_a_fresh_directory()
            throws Exception {
        writeConfig(dir);
        String token = Processes.run(dir, "token", "create", "--name", "backups").lastLine();
        Processes.Server server = Processes.serve(dir, "config.yaml");
        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> write(server.port(), token, acknowledged, writing));
        Path backup = dir.resolve("backups/fulcrum-backup.zip");
        List<String> before;
        try {
            writer.start();
            while (acknowledged.size() < 40) {
                Thread.sleep(20);
            }
            before = List.copyOf(acknowledged);
            Processes.Result made = Processes.run(dir, "backup", "--out", backup.toString());
            int duringBackup = acknowledged.size() - before.size();
            assertThat(made.exitCode()).as(made.err()).isZero();
            assertThat(made.out()).contains("wrote a backup", "secret.key");
            assertThat(duringBackup).as("writes went on while the backup was taken").isPositive();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");

            Processes.Result refused = Processes.run(dir, "restore-backup", backup.toString());
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.err()).contains("in use", "stop it first");
            assertThat(names(server.port(), token)).as("a refused restore leaves the store serving").isNotEmpty();
        } finally {
            writing.set(false);
            writer.join();
            server.terminate();
        }

        writeConfig(fresh);
        Files.createDirectories(fresh.resolve("var/fulcrum"));
        Files.copy(dir.resolve("var/fulcrum/secret.key"), fresh.resolve("var/fulcrum/secret.key"));
        Processes.Result restored = Processes.run(fresh, "restore-backup", backup.toString());
        assertThat(restored.exitCode()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("restored").doesNotContain("before-restore");
        for (String file : List.of("state.mv.db", "state.credentials")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.resolve("var/fulcrum/" + file))))
                    .as(file).isEqualTo("rw-------");
        }
        Processes.Server again = Processes.serve(fresh, "config.yaml");
        try {
            List<String> names = names(again.port(), token);
            assertThat(names).as("every write acknowledged before the backup started").containsAll(before);
            // the writer stopped once its last request was answered: a stored write was acknowledged
            assertThat(acknowledged).as("nothing but acknowledged writes").containsAll(names);
            assertThat(post(again.port(), token, "after-restore")).isEqualTo(200);
        } finally {
            again.terminate();
        }
    }

    @Test
    void a_restore_over_a_stopped_store_keeps_the_replaced_files_aside() throws Exception {
        writeConfig(dir);
        String token = Processes.run(dir, "token", "create", "--name", "backups").lastLine();
        Path backup = dir.resolve("offline.zip");
        Processes.Result made = Processes.run(dir, "backup", "--out", backup.toString());
        assertThat(made.exitCode()).as("a backup without a server running: " + made.err()).isZero();
        Processes.run(dir, "token", "create", "--name", "after-the-backup");

        Processes.Result restored = Processes.run(dir, "restore-backup", backup.toString());
        assertThat(restored.exitCode()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("before-restore-");
        Path aside;
        try (Stream<Path> files = Files.list(dir.resolve("var/fulcrum"))) {
            aside = files.filter(path -> path.getFileName().toString().startsWith("state.before-restore-")).findFirst()
                    .orElseThrow();
        }
        assertThat(aside.resolve("state.mv.db")).isRegularFile();
        assertThat(aside.resolve("state.credentials")).isRegularFile();
        assertThat(Processes.run(dir, "token", "list").out()).contains("backups").doesNotContain("after-the-backup");
        Processes.Server server = Processes.serve(dir, "config.yaml");
        try {
            assertThat(post(server.port(), token, "served")).isEqualTo(200);
        } finally {
            server.terminate();
        }
    }

    @Test
    void what_is_not_a_backup_or_not_h2_is_refused_clearly() throws Exception {
        writeConfig(dir);
        Path notABackup = Files.writeString(dir.resolve("bundle.zip"), "not a zip");
        Processes.Result bad = Processes.run(dir, "restore-backup", notABackup.toString());
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("not a Fulcrum backup");
        assertThat(dir.resolve("var/fulcrum/state.mv.db")).doesNotExist();

        Processes.Result missing = Processes.run(dir, "restore-backup", "absent.zip");
        assertThat(missing.err()).contains("no such file");
        Processes.Result noStore = Processes.run(dir, "backup", "--out", "x.zip");
        assertThat(noStore.exitCode()).isNotZero();
        assertThat(noStore.err()).contains("there is no H2 database");

        Files.writeString(dir.resolve("pg.yaml"), "stateStore:\n  type: pg\n  connection: jdbc:postgresql://localhost/x\n");
        Processes.Result pg = Processes.run(dir, "backup", "--out", "x.zip", "--config", "pg.yaml");
        assertThat(pg.exitCode()).isNotZero();
        assertThat(pg.err()).contains("pg_dump");
    }

    @Test
    void a_backup_is_never_written_where_others_could_redirect_it_nor_over_the_store() throws Exception {
        // the third black-box review: in a directory anyone may write, without the sticky bit, another user swapped
        // the temporary file for a symlink and the whole database landed, 0644, in a file of their choice
        writeConfig(dir);
        Processes.run(dir, "token", "create", "--name", "backups");
        Path open = Files.createDirectories(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Processes.Result refused = Processes.run(dir, "backup", "--out", open.resolve("b.zip").toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("may be written by others");
        assertThat(open.resolve("b.zip")).doesNotExist();
        Processes.Result overStore = Processes.run(dir, "backup", "--out", dir.resolve("var/fulcrum/state.mv.db").toString());
        assertThat(overStore.exitCode()).isNotZero();
        assertThat(overStore.err()).contains("store's own directory");
        assertThat(Processes.run(dir, "token", "list").out()).contains("backups");
    }

    @Test
    void a_zip_of_the_right_names_but_not_a_database_or_without_credentials_is_refused_and_changes_nothing()
            throws Exception {
        writeConfig(dir);
        Processes.run(dir, "token", "create", "--name", "kept");
        for (Map<String, String> entries : List.of(Map.of("state.mv.db", "not a db", "state.credentials", "nonsense"),
                Map.of("state.mv.db", "H:2,block:1"))) {
            Path fake = dir.resolve("fake.zip");
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(fake))) {
                for (Map.Entry<String, String> entry : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(entry.getKey()));
                    zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            }
            Processes.Result refused = Processes.run(dir, "restore-backup", fake.toString());
            assertThat(refused.exitCode()).as(refused.out()).isNotZero();
            assertThat(refused.err()).contains("not a Fulcrum backup");
            assertThat(Processes.run(dir, "token", "list").out()).contains("kept");
        }
    }

    private static void writeConfig(Path home) throws IOException {
        Files.writeString(home.resolve("config.yaml"), "port: 0\nstateStore:\n  type: h2\n  connection: "
                + home.resolve("var/fulcrum/state") + "\nsecretKeyFile: " + home.resolve("var/fulcrum/secret.key") + "\n");
    }

    /** Writes dashboards w0, w1, ... one after another; each name is recorded once its 200 has arrived. */
    private static void write(int port, String token, Queue<String> acknowledged, AtomicBoolean writing) {
        for (int i = 0; writing.get(); i++) {
            String name = "w" + i;
            try {
                if (post(port, token, name) == 200) {
                    acknowledged.add(name);
                }
            } catch (IOException e) {
                return; // the server went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int post(int port, String token, String name) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/dashboards"))
                .header("x-imply-api-token", token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"dashboard\":{\"name\":\"" + name + "\",\"title\":\"" + name
                        + "\"}}"))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<String> names(int port, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/dashboards"))
                .header("x-imply-api-token", token).build();
        String body = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        List<String> names = new ArrayList<>();
        Jsons.parse(body).path("dashboards").forEach(dashboard -> names.add(dashboard.path("name").asText()));
        return names;
    }
}
