package dev.fulcrum.app.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the command line; each subcommand is its own class. */
@Command(name = "fulcrum", mixinStandardHelpOptions = true, version = "fulcrum 0.1.0",
        description = "An admin API server for analytics UI configuration, in the style of Pivot's /api/v1.")
public final class FulcrumCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The subcommands, in the order the help lists them (then {@code help}). */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("serve", ServeCommand::new);
        commands.put("token", TokenCommand::new);
        commands.put("user", UserCommand::new);
        commands.put("export", ExportCommand::new);
        commands.put("import", ImportCommand::new);
        commands.put("backup", BackupCommand::new);
        commands.put("restore-backup", RestoreBackupCommand::new);
        commands.put("healthcheck", HealthcheckCommand::new);
        return commands;
    }

    /**
     * The command line for {@code args}: when they name a command, only that one is built. Picocli reads every
     * command's annotations when it is added (its classes, built for Java 5, are also verified anew at every start):
     * all eight took a tenth of the server's start (bench/RESULTS.md). Anything else (no command, {@code help}, a
     * typo, {@code --help}) gets them all, so that the help lists them and a typo's message suggests the right one.
     */
    public static CommandLine commandLine(String... args) {
        CommandLine commandLine = new CommandLine(new FulcrumCommand());
        Supplier<Object> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
        if (named != null) {
            commandLine.addSubcommand(named.get());
        } else {
            COMMANDS.values().forEach(command -> commandLine.addSubcommand(command.get()));
            commandLine.addSubcommand(new CommandLine.HelpCommand());
        }
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
