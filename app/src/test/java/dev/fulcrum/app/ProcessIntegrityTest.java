package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a 200 means when the server process dies: kill -9 in the middle of a storm of writes loses none that was
 * acknowledged. The server runs as its own process and the test asserts no time, so the class runs beside others
 * ({@link IntegrityTest} keeps what times a 503 or a drain, and runs alone).
 */
@StartsProcesses
class ProcessIntegrityTest {
    private static final Duration STORM = Duration.ofMillis(Long.getLong("fulcrum.test.stormMillis", 4_000));

    @TempDir
    Path dir;

    @Test
    void a_storm_killed_with_sigkill_keeps_every_write_acknowledged_before_the_kill() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "port: 0\n" + TestDatabases.stateStoreConfig(dir.resolve("var/fulcrum")));
        String token = Processes.run(dir, "token", "create", "--name", "storm").lastLine();
        Processes.Server server = Processes.serve(dir, "config.yaml");
        ConsistencyStorm storm = new ConsistencyStorm("k", 4);
        storm.prepare(server.port(), token); // first: the kill is timed from the storm's start
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(STORM.toMillis());
                server.kill9();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.start();
        try {
            storm.run(server.port(), token, 16, STORM.plusSeconds(30));
        } finally {
            killer.join();
        }
        assertThat(storm.answers.stream().filter(ConsistencyStorm.Answer::acknowledged).count()).isPositive();
        Processes.Server again = Processes.serve(dir, "config.yaml");
        try {
            storm.check(again.port(), token);
        } finally {
            again.terminate();
        }
    }
}
