package dev.fulcrum.app.http;

import static dev.fulcrum.app.http.OpenApiDocument.headerParameter;
import static dev.fulcrum.app.http.OpenApiDocument.jsonBody;
import static dev.fulcrum.app.http.OpenApiDocument.jsonResponse;
import static dev.fulcrum.app.http.OpenApiDocument.operation;
import static dev.fulcrum.app.http.OpenApiDocument.queryParameter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.engine.ImportPlan;
import java.util.Locale;

/** The part of the API description for {@code GET /api/v1/export} and {@code POST /api/v1/import}. */
final class OpenApiBundlePaths {
    private OpenApiBundlePaths() {
    }

    static void addTo(ObjectNode paths) {
        ObjectNode bundle = Json.MAPPER.createObjectNode().put("type", "object")
                .put("description", "{\"fulcrumBundle\": 1, \"resources\": {\"<resource>\": [documents]}, \"secrets\": {...}}:"
                        + " kinds in dependency order, documents by name, no times or versions");
        ObjectNode properties = bundle.putObject("properties");
        properties.putObject("fulcrumBundle").put("const", 1);
        properties.putObject("resources").put("type", "object").putObject("additionalProperties").put("type", "array")
                .putObject("items").put("type", "object");
        ObjectNode secrets = properties.putObject("secrets").put("type", "object")
                .put("description", "Only with includeSecrets=true: the secrets, AES-256-GCM under a key derived"
                        + " from the passphrase with PBKDF2-HMAC-SHA256");
        ObjectNode envelope = secrets.putObject("properties");
        for (String field : new String[] {"cipher", "kdf", "salt", "data"}) {
            envelope.putObject(field).put("type", "string");
        }
        envelope.putObject("iterations").put("type", "integer");
        bundle.putArray("required").add("fulcrumBundle").add("resources");

        ObjectNode export = operation(paths.putObject("/api/v1/export"), "get", "Export documents as one bundle",
                jsonResponse("The bundle", bundle), "400", "401", "403");
        ArrayNode exportParameters = export.putArray("parameters");
        exportParameters.add(queryParameter("resources", "string", "Comma-separated resources to export (default: all)"));
        exportParameters.add(queryParameter("includeSecrets", "boolean",
                "Include the secrets, encrypted under the passphrase in x-fulcrum-passphrase"));
        exportParameters.add(headerParameter(BundleHandler.PASSPHRASE_HEADER, "With includeSecrets=true: at least 12 characters"));
        exportParameters.add(queryParameter("pretty", "string", "Pretty-print the JSON"));

        ObjectNode imported = operation(paths.putObject("/api/v1/import"), "post",
                "Import a bundle in one transaction, all or nothing", jsonResponse("The plan, as carried out", plan()),
                "400", "401", "403", "409", "413");
        imported.set("requestBody", jsonBody(bundle));
        ArrayNode importParameters = imported.putArray("parameters");
        importParameters.add(queryParameter("dryRun", "boolean", "Answer the plan, store nothing"));
        ObjectNode onExisting = queryParameter("onExisting", "string",
                "What to do with a document that exists and differs: fail (default), skip or overwrite");
        ((ObjectNode) onExisting.get("schema")).putArray("enum").add("fail").add("skip").add("overwrite");
        importParameters.add(onExisting);
        importParameters.add(headerParameter(BundleHandler.PASSPHRASE_HEADER, "The passphrase of a bundle with secrets"));
    }

    private static ObjectNode plan() {
        ObjectNode plan = Json.MAPPER.createObjectNode().put("type", "object");
        ObjectNode properties = plan.putObject("properties");
        properties.putObject("dryRun").put("type", "boolean");
        properties.putObject("onExisting").put("type", "string");
        ObjectNode summary = properties.putObject("summary").put("type", "object").putObject("properties");
        ObjectNode document = properties.putObject("documents").put("type", "array").putObject("items").put("type", "object");
        ObjectNode documentProperties = document.putObject("properties");
        documentProperties.putObject("resource").put("type", "string");
        documentProperties.putObject("name").putArray("type").add("string").add("null");
        ArrayNode actions = documentProperties.putObject("action").putArray("enum");
        for (ImportPlan.Action action : ImportPlan.Action.values()) {
            String label = action.name().toLowerCase(Locale.ROOT);
            summary.putObject(label).put("type", "integer");
            actions.add(label);
        }
        documentProperties.putObject("reason").put("type", "string");
        ObjectNode detail = documentProperties.putObject("details").put("type", "array").putObject("items").put("type", "object");
        detail.putObject("properties").putObject("path").put("type", "string");
        ((ObjectNode) detail.get("properties")).putObject("message").put("type", "string");
        return plan;
    }
}
