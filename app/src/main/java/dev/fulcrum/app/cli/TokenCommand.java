package dev.fulcrum.app.cli;

import dev.fulcrum.app.FulcrumApp;
import dev.fulcrum.app.config.FulcrumConfig;
import dev.fulcrum.app.tokens.Lifetimes;
import dev.fulcrum.app.tokens.TokenRequest;
import dev.fulcrum.app.tokens.TokenService;
import dev.fulcrum.model.kinds.RoleStrategy;
import dev.fulcrum.store.Database;
import dev.fulcrum.store.TokenRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

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
        FulcrumConfig settings = config.load();
        try (Database database = FulcrumApp.openDatabase(settings);
             TokenService tokens = FulcrumApp.tokenService(database, settings)) {
            return work.apply(tokens);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a token and prints it alone on the last line. It is shown only this once.")
    static final class Create implements Runnable {
        @Option(names = "--name", required = true, description = "A name for the token, e.g. ci-deploy.")
        String name;
        @Option(names = "--role", defaultValue = RoleStrategy.SUPER_ADMIN,
                description = "The role whose permissions the token gets (default: ${DEFAULT-VALUE}).")
        String role;
        @Option(names = "--expires-in", paramLabel = "LIFETIME",
                description = "How long the token works: 90m, 12h, 30d, 2w or ISO-8601 (default: no expiry,"
                        + " or config.yaml's maxTokenLifetime).")
        String expiresIn;
        @Option(names = "--user", description = "The user the token acts for: it may then manage that user's alerts"
                + " and reports with AccessVisualization.")
        String user;
        @Mixin
        ConfigOption config;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            Duration lifetime;
            try {
                lifetime = expiresIn == null ? null : Lifetimes.parse(expiresIn);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--expires-in: " + e.getMessage());
            }
            String raw = withTokens(config, tokens -> tokens.create(new TokenRequest(name, role, user, "cli", lifetime)));
            spec.commandLine().getOut().println("Created API token '" + name
                    + "'. Copy it now: it is stored only as a hash and cannot be shown again.");
            spec.commandLine().getOut().println(raw);
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists active tokens: name, role, user, created, expires, last used. Never the token itself.")
    static final class ListTokens implements Runnable {
        @Mixin
        ConfigOption config;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            List<TokenRecord> records = withTokens(config, TokenService::list);
            var out = spec.commandLine().getOut();
            String row = "%-24s %-16s %-24s %-24s %-24s %s%n";
            out.printf(row, "NAME", "ROLE", "USER", "CREATED", "EXPIRES", "LAST USED");
            for (TokenRecord record : records) {
                out.printf(row, record.name(), record.roleName(), record.userName() == null ? "-" : record.userName(),
                        record.createdAt(), record.expiresAt() == null ? "never" : record.expiresAt(),
                        record.lastUsedAt() == null ? "never" : record.lastUsedAt());
            }
            out.flush();
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revokes a token; a running server refuses it within 2 seconds.")
    static final class Revoke implements Callable<Integer> {
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
