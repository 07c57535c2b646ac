package dev.fulcrum.app.cli;

import dev.fulcrum.app.config.FulcrumConfig;
import dev.fulcrum.store.H2Backups;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "restore-backup", mixinStandardHelpOptions = true,
        description = {"Puts a backup made by `fulcrum backup` in place of the H2 store, which must not be in use:",
                "stop the server first. The files it replaces are moved to <name>.before-restore-<time>/ beside them."})
final class RestoreBackupCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The backup file.")
    Path backup;
    @Mixin
    ConfigOption config;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        FulcrumConfig settings = config.load();
        Path database = StoreFiles.h2Database(settings, "restore-backup");
        Optional<Path> aside = H2Backups.restore(backup, database);
        spec.commandLine().getOut().println("restored " + backup.toAbsolutePath() + " to " + database
                + aside.map(dir -> "; the files it replaced are in " + dir).orElse("")
                + "; the server needs the secret key file of the backup's time: " + settings.secretKeyFile);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
