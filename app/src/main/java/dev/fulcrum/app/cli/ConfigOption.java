package dev.fulcrum.app.cli;

import dev.fulcrum.app.config.ConfigLoader;
import dev.fulcrum.app.config.FulcrumConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command shares. */
final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = "config.yaml",
            description = "The configuration file (default: ${DEFAULT-VALUE}).")
    Path file;

    FulcrumConfig load() {
        return ConfigLoader.load(file);
    }
}
