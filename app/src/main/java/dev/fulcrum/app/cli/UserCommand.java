package dev.fulcrum.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.FulcrumApp;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.config.FulcrumConfig;
import dev.fulcrum.app.engine.AuditSink;
import dev.fulcrum.app.engine.Origin;
import dev.fulcrum.app.engine.ResourceEngine;
import dev.fulcrum.app.engine.WriteOptions;
import dev.fulcrum.app.tokens.RolePermissions;
import dev.fulcrum.app.web.WebUi;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.NotFoundException;
import dev.fulcrum.store.Database;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Manages users who sign in to the API tokens page; works whether or not the server is running.",
        subcommands = {UserCommand.Create.class})
final class UserCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: create");
    }

    /**
     * Creates a user and its password (a user-auth) through the same engine, validation and hashing as the API,
     * e.g. the first administrator: {@code fulcrum user create --name admin@example.com --role super-admin}.
     */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a user with a password: prompted for twice, or read from standard input.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "The user name, e.g. an e-mail address.")
        String name;
        @Option(names = "--role", required = true, description = "A role the user has; repeat for several.")
        List<String> roles;
        @Option(names = "--email", description = "The user's e-mail address.")
        String email;
        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;
        @Mixin
        ConfigOption config;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            char[] password = passwordStdin ? readLine() : prompt();
            if (password == null) {
                return 1;
            }
            ObjectNode user = Json.MAPPER.createObjectNode().put("name", name);
            if (email != null) {
                user.put("email", email);
            }
            user.put("status", "active");
            roles.forEach(user.withArray("roles")::add);
            ObjectNode auth = Json.MAPPER.createObjectNode().put("name", name).put("type", "native");
            auth.putObject("currentPass").put("pass", new String(password)).put("hashStrategy", "none");
            Arrays.fill(password, '\0');
            FulcrumConfig settings = config.load();
            boolean pageAccess;
            try (Database database = FulcrumApp.openDatabase(settings)) {
                ResourceEngine engine = FulcrumApp.openEngine(settings, database, AuditSink.NONE);
                engine.ensureBuiltIns(); // the super-admin role, in a database no server has started on yet
                if (exists(engine, name)) {
                    spec.commandLine().getErr().println("error: a user named '" + name + "' already exists");
                    return 1;
                }
                // both are checked before either is written, and a failed password write takes the user back out
                engine.validateOnly(Kinds.USERS, user.deepCopy());
                engine.validateOnly(Kinds.USER_AUTHS, auth.deepCopy());
                WriteOptions createOnly = new WriteOptions(null, false, true, false, Origin.SYSTEM);
                engine.write(Kinds.USERS, user, null, createOnly);
                try {
                    engine.write(Kinds.USER_AUTHS, auth, null, createOnly);
                } catch (RuntimeException e) {
                    engine.delete(Kinds.USERS, name);
                    throw e;
                }
                pageAccess = new RolePermissions(engine.reads()).union(roles).contains(WebUi.PERMISSION);
            }
            spec.commandLine().getOut().println("Created user '" + name + "' with role(s) " + String.join(", ", roles)
                    + (pageAccess ? ". They can now sign in to the API tokens page and manage their tokens there."
                    : ". They can sign in to the API tokens page, but cannot use it: none of their roles grants "
                    + WebUi.PERMISSION + "."));
            return 0;
        }

        private static boolean exists(ResourceEngine engine, String name) {
            try {
                engine.reads().read(Kinds.USERS, name);
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        }

        private char[] prompt() {
            Console console = System.console();
            if (console == null) {
                spec.commandLine().getErr().println("error: no terminal to ask for the password; pipe it in with --password-stdin");
                return null;
            }
            char[] first = console.readPassword("Password for %s: ", name);
            char[] second = console.readPassword("Repeat the password: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                spec.commandLine().getErr().println("error: the two passwords differ");
                return null;
            }
            Arrays.fill(second, '\0');
            return first;
        }

        private char[] readLine() {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    spec.commandLine().getErr().println("error: --password-stdin read no password from standard input");
                    return null;
                }
                return line.toCharArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
