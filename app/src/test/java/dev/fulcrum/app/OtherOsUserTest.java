package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, section 1: another user of the machine ({@code nobody}, through setpriv; so the test needs root,
 * as CI has) can neither read what Fulcrum keeps nor open its database through the AUTO_SERVER port, even
 * when Fulcrum runs in a directory everyone may enter, as an install in /opt/fulcrum does.
 */
class OtherOsUserTest {
    private static final String NOBODY = "65534";

    @Test
    void another_user_can_neither_read_the_files_nor_open_the_database() throws Exception {
        Assumptions.assumeFalse(TestDatabases.STORE.equals("pg"), "about H2's files; the H2 pass runs it");
        Assumptions.assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0, "switching to nobody needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv is not installed");
        try (TestServer server = TestServer.startOn("h2", "", dir -> {
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.writeString(dir.resolve("config.yaml"), "port: 0\n" + TestDatabases.stateStoreConfig(dir, "h2")
                        + "secretKeyFile: " + dir.resolve("secret.key") + "\nauditLogFile: " + dir.resolve("audit.jsonl") + "\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })) {
            server.create("roles", "role", "{\"name\":\"audited\",\"permissions\":[]}");
            Path probe = probeDirectory();
            try {
                Properties lock = new Properties();
                try (InputStream in = Files.newInputStream(server.dir.resolve("db/state.lock.db"))) {
                    lock.load(in); // what the attacker wants: the port and the database's id; root reads it for them
                }
                String tcp = "jdbc:h2:tcp://" + lock.getProperty("server") + "/" + lock.getProperty("id");
                List<String> attempts = new ArrayList<>();
                for (String file : new String[] {"db/state.lock.db", "db/state.mv.db", "db/state.credentials", "secret.key",
                        "audit.jsonl"}) {
                    attempts.add("read|" + server.dir.resolve(file));
                }
                attempts.add("read|" + probe.resolve("control.txt"));
                attempts.add("open|jdbc:h2:file:" + server.dir.resolve("db/state") + ";AUTO_SERVER=TRUE|sa|");
                attempts.add("open|" + tcp + "|sa|");
                attempts.add("open|" + tcp + "|FULCRUM|");

                String output = runAsNobody(probe, attempts);

                assertThat(output).as("the probe ran as nobody and reads what everyone may")
                        .contains("READ " + probe.resolve("control.txt"));
                assertThat(output.lines().filter(line -> line.startsWith("READ ")).count()).as(output).isEqualTo(1);
                assertThat(output).as(output).doesNotContain("OPENED");
                assertThat(output.lines().filter(line -> line.startsWith("REFUSED ")).count()).as(output).isEqualTo(3);
            } finally {
                LocalUsersTest.delete(probe);
            }
        }
    }

    /** A directory nobody may read, with the H2 driver and the attacker's program. */
    private static Path probeDirectory() throws Exception {
        Path probe = Files.createTempDirectory("fulcrum-probe");
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path driver = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.copy(driver, probe.resolve("h2.jar"), StandardCopyOption.REPLACE_EXISTING);
        try (InputStream source = OtherOsUserTest.class.getResourceAsStream("/probe/LocalAttacker.java")) {
            Files.copy(source, probe.resolve("LocalAttacker.java"));
        }
        Files.writeString(probe.resolve("control.txt"), "anyone may read this");
        try (var files = Files.list(probe)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        return probe;
    }

    private static String runAsNobody(Path probe, List<String> attempts) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", probe.resolve("h2.jar").toString(), probe.resolve("LocalAttacker.java").toString()));
        command.addAll(attempts);
        ProcessBuilder builder = new ProcessBuilder(command).directory(probe.toFile()).redirectErrorStream(true);
        builder.environment().put("HOME", probe.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
