package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.app.config.ConfigLoader;
import dev.fulcrum.app.config.FulcrumConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/fulcrum.service: the sandboxing the README promises, and what systemd itself says of the unit. */
class SystemdUnitTest {
    private static final Path DEPLOY = Path.of(System.getProperty("user.dir")).resolveSibling("deploy");
    private static final Path LAUNCHER = Processes.LAUNCHER;

    @TempDir
    Path dir;

    @Test
    void the_unit_runs_bin_fulcrum_serve_as_its_own_user_in_a_sandbox() throws IOException {
        List<String> lines = Files.readAllLines(DEPLOY.resolve("fulcrum.service"));
        assertThat(lines).contains("User=fulcrum", "ExecStart=/opt/fulcrum/bin/fulcrum serve --config /etc/fulcrum/config.yaml",
                "ProtectSystem=strict", "NoNewPrivileges=yes", "PrivateTmp=yes", "ReadWritePaths=/var/lib/fulcrum",
                "ProtectHome=yes", "PrivateDevices=yes", "ProtectKernelTunables=yes", "ProtectKernelModules=yes",
                "ProtectKernelLogs=yes", "ProtectControlGroups=yes", "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
                "LockPersonality=yes", "RestrictNamespaces=yes", "SystemCallArchitectures=native", "CapabilityBoundingSet=",
                "UMask=0077");
        assertThat(lines).as("the JIT compiler writes the code it runs")
                .noneMatch(line -> line.startsWith("MemoryDenyWriteExecute="));
    }

    @Test
    void the_config_it_names_keeps_everything_in_the_state_directory() {
        FulcrumConfig config = ConfigLoader.load(DEPLOY.resolve("config.yaml"));
        assertThat(config.stateStore.connection).startsWith("/var/lib/fulcrum/");
        assertThat(config.secretKeyFile).startsWith("/var/lib/fulcrum/");
    }

    @Test
    void systemd_analyze_verifies_the_unit_and_rates_its_exposure_ok() throws Exception {
        Assumptions.assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed here");
        // verify checks that ExecStart's program exists: this checkout's launcher stands in for /opt/fulcrum's
        Path unit = dir.resolve("fulcrum.service");
        Files.writeString(unit, Files.readString(DEPLOY.resolve("fulcrum.service"))
                .replace("/opt/fulcrum/bin/fulcrum", LAUNCHER.toString()));
        String verified = run("systemd-analyze", "verify", unit.toString());
        assertThat(verified).as("systemd-analyze verify: no warning, no unknown option").isEmpty();

        String security = run("systemd-analyze", "security", "--offline=true", unit.toString());
        Matcher level = Pattern.compile("Overall exposure level for fulcrum.service: (\\d+\\.\\d)").matcher(security);
        assertThat(level.find()).as(security).isTrue();
        assertThat(Double.parseDouble(level.group(1))).as("systemd's exposure score (0 best, 10 worst; OK below 2)")
                .isLessThan(2.0);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code command}, asserts it succeeded, and gives what it printed (stdout and stderr). */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.strip();
    }
}
