package dev.fulcrum.app.cli;

import dev.fulcrum.app.config.FulcrumConfig;
import dev.fulcrum.store.H2Backups;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Writes a consistent backup of the H2 store (its database and credentials) to a 0600 zip file.",
                "Works while the server runs on it (the server makes the copy) and while it is stopped.",
                "The secret key file is not in it: keep a copy of it apart. For PostgreSQL, use pg_dump (see the README)."})
final class BackupCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "The backup file to write (replaced whole if it exists), readable only by you (0600).")
    Path out;
    @Mixin
    ConfigOption config;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        FulcrumConfig settings = config.load();
        Path database = StoreFiles.h2Database(settings, "backup");
        long size = H2Backups.backup(database, settings.stateStore.user, settings.stateStore.password(), out);
        spec.commandLine().getOut().println("wrote a backup of " + database + " to " + out.toAbsolutePath() + " (" + size
                + " bytes); it does not hold the secret key file " + settings.secretKeyFile + ": keep a copy of that apart");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
