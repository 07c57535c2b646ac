package dev.fulcrum.app.cli;

import dev.fulcrum.app.config.ConfigLoader;
import dev.fulcrum.app.config.FulcrumConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command shares. */
final class ConfigOption {
    private static final Path DEFAULT_FILE = Path.of("config.yaml");

    @Option(names = "--config", paramLabel = "FILE",
            description = "The configuration file (default: ./config.yaml if there is one, else every key's default).")
    Path file;

    /** The named file (which must exist), else ./config.yaml, else the defaults: every key is optional. */
    FulcrumConfig load() {
        if (file != null || Files.exists(DEFAULT_FILE)) {
            return ConfigLoader.load(file != null ? file : DEFAULT_FILE);
        }
        LoggerFactory.getLogger(ConfigOption.class).info("no config.yaml in {} and no --config given: using the"
                + " default of every key (the state in var/fulcrum/ there)", Path.of("").toAbsolutePath());
        return ConfigLoader.defaults();
    }
}
