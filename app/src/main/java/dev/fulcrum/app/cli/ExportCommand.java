package dev.fulcrum.app.cli;

import dev.fulcrum.app.FulcrumApp;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.config.FulcrumConfig;
import dev.fulcrum.app.crypto.PassphraseBox;
import dev.fulcrum.app.engine.AuditSink;
import dev.fulcrum.app.engine.BundleExporter;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.store.Database;
import dev.fulcrum.store.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Prints a bundle of the documents (see the README), for `fulcrum import` or POST /api/v1/import.",
                "Reads the database directly; works whether or not the server is running on it."})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--resources", split = ",", paramLabel = "RESOURCE",
            description = "Only these resources, comma-separated (default: all), e.g. roles,connections.")
    List<String> resources;
    @Option(names = "--include-secrets",
            description = "Include the secrets, encrypted under a passphrase (--passphrase-stdin or --passphrase-env).")
    boolean includeSecrets;
    @Option(names = "--output", paramLabel = "FILE",
            description = "Write the bundle to this file, readable only by you (0600), instead of printing it.")
    Path output;
    @Mixin
    PassphraseOption passphrase;
    @Mixin
    ConfigOption config;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (includeSecrets != passphrase.given()) {
            throw new CommandLine.ParameterException(spec.commandLine(), includeSecrets
                    ? "--include-secrets needs a passphrase: --passphrase-stdin or --passphrase-env VAR"
                    : "a passphrase is only used with --include-secrets");
        }
        List<Kind> kinds = BundleExporter.kinds(Kinds.STANDARD, resources == null ? null : String.join(",", resources));
        String secret = includeSecrets ? passphrase.read(spec.commandLine()) : null;
        FulcrumConfig settings = config.load();
        String bundle;
        try (Database database = FulcrumApp.openDatabase(settings)) {
            BundleExporter exporter = new BundleExporter(FulcrumApp.openEngine(settings, database, AuditSink.NONE),
                    new PassphraseBox());
            bundle = Json.pretty(Json.parseStored(exporter.export(kinds, secret)));
        }
        if (output != null) {
            // a shell redirect would create the file under the umask, often readable by every local user
            try {
                OwnerOnlyFiles.write(output, (bundle + "\n").getBytes(StandardCharsets.UTF_8), true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
            }
            return 0;
        }
        spec.commandLine().getOut().println(bundle);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
