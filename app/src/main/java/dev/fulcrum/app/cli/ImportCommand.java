package dev.fulcrum.app.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.FulcrumApp;
import dev.fulcrum.app.crypto.PassphraseBox;
import dev.fulcrum.app.engine.AuditSink;
import dev.fulcrum.app.engine.Origin;
import dev.fulcrum.app.engine.WriteOptions;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.config.FulcrumConfig;
import dev.fulcrum.app.engine.BundleImporter;
import dev.fulcrum.app.engine.ImportPlan;
import dev.fulcrum.app.engine.ImportRefusedException;
import dev.fulcrum.model.FieldError;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Imports a bundle in one transaction, all or nothing, and prints the plan it carried out.",
                "Writes the database directly; works whether or not the server is running on it.",
                "Exits 1, changing nothing, when a document conflicts; the plan of --dry-run says which and why."})
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "The bundle file, as `fulcrum export` writes it.")
    Path file;
    @Option(names = "--on-existing", paramLabel = "fail|skip|overwrite", defaultValue = "fail",
            description = "What to do with a document that exists and differs (default: ${DEFAULT-VALUE}).")
    String onExisting;
    @Option(names = "--dry-run", description = "Print the plan (create, update, unchanged, skip, conflict), change nothing.")
    boolean dryRun;
    @Mixin
    PassphraseOption passphrase;
    @Mixin
    ConfigOption config;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BundleImporter.OnExisting existing;
        try {
            existing = BundleImporter.OnExisting.parse(onExisting);
        } catch (InvalidException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--on-existing must be fail, skip or overwrite");
        }
        JsonNode bundle = read(file);
        if (BundleImporter.carriesSecrets(bundle) && !passphrase.given()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "this bundle carries encrypted secrets:"
                    + " give its passphrase with --passphrase-stdin or --passphrase-env VAR");
        }
        String secret = passphrase.given() ? passphrase.read(spec.commandLine()) : null;
        FulcrumConfig settings = config.load();
        ImportPlan plan;
        try (Database database = FulcrumApp.openDatabase(settings)) {
            BundleImporter importer = new BundleImporter(FulcrumApp.openEngine(settings, database, AuditSink.NONE),
                    new PassphraseBox());
            plan = importer.importBundle(bundle, secret, existing, new WriteOptions(null, false, false, dryRun, Origin.SYSTEM));
        } catch (ImportRefusedException refused) {
            return fail("the import changed nothing: " + refused.conflicts() + " of " + refused.documents()
                    + " documents conflict (their problems below; --dry-run prints the whole plan)", refused.details());
        } catch (InvalidException invalid) {
            return fail(invalid.getMessage(), invalid.details());
        }
        spec.commandLine().getOut().println(Json.pretty(plan.toJson()));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private int fail(String message, List<FieldError> details) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: " + message);
        details.forEach(detail -> err.println("  " + detail.path() + ": " + detail.message()));
        err.flush();
        return 1;
    }

    private static JsonNode read(Path file) {
        try {
            return Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            throw new InvalidException(file + " is not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        } catch (NoSuchFileException e) {
            throw new InvalidException("no such file: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new InvalidException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
