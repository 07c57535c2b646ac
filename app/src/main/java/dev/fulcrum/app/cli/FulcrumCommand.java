package dev.fulcrum.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the command line; each subcommand is its own class. */
@Command(name = "fulcrum", mixinStandardHelpOptions = true, version = "fulcrum 0.1.0",
        description = "An admin API server for analytics UI configuration, in the style of Pivot's /api/v1.",
        subcommands = {ServeCommand.class, TokenCommand.class, UserCommand.class, ExportCommand.class, ImportCommand.class,
                BackupCommand.class, RestoreBackupCommand.class, HealthcheckCommand.class,
                CommandLine.HelpCommand.class})
public final class FulcrumCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new FulcrumCommand());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            cmd.getErr().println("error: " + exception.getMessage());
            return 1;
        });
        return commandLine;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required: serve, token, user, export, import, backup, restore-backup or healthcheck");
    }
}
