package dev.fulcrum.app.cli;

import dev.fulcrum.app.FulcrumApp;
import dev.fulcrum.app.tokens.TokenService;
import dev.fulcrum.store.Database;
import dev.fulcrum.store.TokenRecord;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Manages API tokens; works whether or not the server is running on the same database.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: create, list or revoke");
    }

    static <T> T withTokens(ConfigOption config, Function<TokenService, T> work) {
        try (Database database = FulcrumApp.openDatabase(config.load());
             TokenService tokens = new TokenService(database.tokens(), Clock.systemUTC())) {
            return work.apply(tokens);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a token and prints it alone on the last line. It is shown only this once.")
    static final class Create implements Runnable {
        @Option(names = "--name", required = true, description = "A name for the token, e.g. ci-deploy.")
        String name;
        @Mixin
        ConfigOption config;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            String raw = withTokens(config, tokens -> tokens.create(name));
            spec.commandLine().getOut().println("Created API token '" + name
                    + "'. Copy it now: it is stored only as a hash and cannot be shown again.");
            spec.commandLine().getOut().println(raw);
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists active tokens: name, created, last used. Never the token itself.")
    static final class ListTokens implements Runnable {
        @Mixin
        ConfigOption config;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            List<TokenRecord> records = withTokens(config, TokenService::list);
            var out = spec.commandLine().getOut();
            out.printf("%-32s %-28s %s%n", "NAME", "CREATED", "LAST USED");
            for (TokenRecord record : records) {
                out.printf("%-32s %-28s %s%n", record.name(), record.createdAt(),
                        record.lastUsedAt() == null ? "never" : record.lastUsedAt());
            }
            out.flush();
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revokes a token; a running server refuses it within 2 seconds.")
    static final class Revoke implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--name", required = true, description = "The name of the token to revoke.")
        String name;
        @Mixin
        ConfigOption config;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!withTokens(config, tokens -> tokens.revoke(name))) {
                spec.commandLine().getErr().println("error: no active token named '" + name + "'");
                return 1;
            }
            spec.commandLine().getOut().println("Revoked API token '" + name + "'.");
            return 0;
        }
    }
}
