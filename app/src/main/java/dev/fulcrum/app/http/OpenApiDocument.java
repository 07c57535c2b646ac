package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Names;
import dev.fulcrum.model.Problems;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI 3.1 description of the whole API, served at {@code GET /api/v1/openapi.json}. Each kind's
 * JSON Schema is recorded by running its strategy's own validation in recording mode, so the schemas cannot drift
 * from what the server validates; the paths and parameters are written here, and {@code OpenApiTest} checks that
 * every route the server has is described.
 */
final class OpenApiDocument {
    private static final String ERRORS = "#/components/responses/";
    private final ObjectNode root = Json.MAPPER.createObjectNode();
    private final ObjectNode paths;
    private final ObjectNode schemas;
    private final ListIncludes includes;

    private OpenApiDocument(ListIncludes includes) {
        this.includes = includes;
        root.put("openapi", "3.1.0");
        root.putObject("info").put("title", "Fulcrum").put("version", "0.1.0")
                .put("description", "An admin API for analytics UI configuration, in the style of Imply Pivot's /api/v1.")
                .putObject("contact").put("name", "Fulcrum's maintainers");
        root.putArray("servers").addObject().put("url", "http://localhost:9095")
                .put("description", "A server on the default port (config.yaml's port)");
        ArrayNode security = root.putArray("security"); // either header: x-imply-api-token or Authorization: Bearer
        security.addObject().putArray("apiToken");
        security.addObject().putArray("bearerToken");
        paths = root.putObject("paths");
        ObjectNode components = root.putObject("components");
        components.putObject("securitySchemes").putObject("apiToken")
                .put("type", "apiKey").put("in", "header").put("name", ApiGate.TOKEN_HEADER);
        ((ObjectNode) components.get("securitySchemes")).putObject("bearerToken").put("type", "http").put("scheme", "bearer")
                .put("description", "the same API token, as Authorization: Bearer <token>; if both headers are sent,"
                        + " they must carry the same token (else a 400)");
        schemas = components.putObject("schemas");
        ObjectNode error = schemas.putObject("Error").put("type", "object");
        error.putArray("required").add("error");
        ObjectNode errorProperties = error.putObject("properties");
        errorProperties.putObject("error").put("type", "string");
        ObjectNode detail = errorProperties.putObject("details").put("type", "array").putObject("items").put("type", "object");
        detail.putObject("properties").set("path", Json.MAPPER.createObjectNode().put("type", "string"));
        ((ObjectNode) detail.get("properties")).set("message", Json.MAPPER.createObjectNode().put("type", "string"));
        errorProperties.set("usedBy", keyList());
        ObjectNode responses = components.putObject("responses");
        for (String[] status : new String[][] {{"400", "Invalid request or document"}, {"401", "Missing or invalid API token"},
                {"403", "Not allowed"}, {"404", "Not found."}, {"409", "Referenced by other documents"}, {"412", "The document changed since it was read (If-Match) or exists (If-None-Match)"},
                {"413", "Body larger than maxBodyBytes (maxImportBytes for an import), or of more than 300,000 JSON tokens (600,000 for an import)"},
                {"503", "The state database is unavailable, (a watch) watch.maxWatchers streams are open, or a large body or answer waited 5 s for its share of the heap"}}) {
            responses.set(status[0], jsonResponse(status[1], ref("Error")));
        }
    }

    static String build(List<Kind> kinds, ListIncludes includes) {
        OpenApiDocument document = new OpenApiDocument(includes);
        kinds.forEach(document::addKind);
        document.addFixedPaths();
        OpenApiBundlePaths.addTo(document.paths);
        OpenApiWatchPaths.addTo(document.paths);
        document.addApiTokens();
        OpenApiOperations.name(document.root, kinds);
        OpenApiModels.name(document.root, kinds);
        return Json.write(document.root);
    }

    private void addKind(Kind kind) {
        String schemaName = Character.toUpperCase(kind.singular().charAt(0)) + kind.singular().substring(1);
        ObjectNode schema = Json.MAPPER.createObjectNode();
        kind.strategy().validate(Json.MAPPER.createObjectNode(), Problems.recordingSchemaInto(schema));
        ObjectNode properties = schema.withObject("properties");
        ObjectNode name = Json.MAPPER.createObjectNode().put("type", "string").put("pattern", Names.PATTERN)
                .put("description", Names.RULE);
        ObjectNode ordered = Json.MAPPER.createObjectNode();
        ordered.set("name", name);
        ordered.setAll(properties);
        schema.set("properties", ordered);
        ArrayNode required = Json.MAPPER.createArrayNode().add("name");
        schema.withArray("required").forEach(required::add);
        schema.set("required", required);
        schema.put("additionalProperties", true);
        kind.strategy().secretFields().forEach(secret -> {
            if (ordered.has(secret)) {
                ((ObjectNode) ordered.get(secret)).put("writeOnly", true)
                        .put("description", "secret: shown as ******** once set, never returned");
            }
        });
        if (kind.strategy().holdsSecureJsonData()) {
            ordered.putObject("secureJsonData").put("type", "object").put("writeOnly", true)
                    .put("description", "secrets without a field of their own: sealed, never returned; null clears a key,"
                            + " a key left out is kept").putObject("additionalProperties").set("type",
                            Json.MAPPER.createArrayNode().add("string").add("null"));
            ordered.putObject("secureJsonFields").put("type", "object").put("readOnly", true)
                    .put("description", "the secureJsonData keys that are set").putObject("additionalProperties")
                    .put("type", "boolean");
        }
        schemas.set(schemaName, schema);

        ObjectNode wrapped = Json.MAPPER.createObjectNode().put("type", "object");
        wrapped.putObject("properties").set(kind.singular(), ref(schemaName));
        wrapped.putArray("required").add(kind.singular());
        new TreeSet<>(kind.strategy().requestOptions()).forEach(option -> ((ObjectNode) wrapped.get("properties")).putObject(option));
        ObjectNode written = Json.MAPPER.createObjectNode().put("type", "object");
        ObjectNode writtenProperties = written.putObject("properties");
        writtenProperties.putObject("status").put("type", "string").put("const", "ok");
        writtenProperties.putObject("message").put("type", "string");
        writtenProperties.set(kind.singular(), ref(schemaName));
        writtenProperties.set("dryRun", dryRunMarker());
        ObjectNode list = Json.MAPPER.createObjectNode().put("type", "object");
        ObjectNode listProperties = list.putObject("properties");
        listProperties.putObject(kind.plural()).put("type", "array").set("items", ref(schemaName));
        for (String paging : new String[] {"page", "perPage", "total"}) {
            listProperties.putObject(paging).put("type", "integer");
        }
        listProperties.putObject("nextAfter").set("type", Json.MAPPER.createArrayNode().add("string").add("null"));

        String collection = "/api/v1/" + kind.resource();
        ObjectNode listGet = operation(paths.putObject(collection), "get", "List " + kind.plural() + ", sorted by name",
                jsonResponse("The documents", list), "400", "401", "404");
        ArrayNode parameters = listGet.putArray("parameters");
        parameters.add(queryParameter("page", "integer", "Page, counted from 1; asks for paging"));
        parameters.add(queryParameter("per_page", "integer", "Documents per page, 1-1000 (default 50)"));
        parameters.add(queryParameter("after", "string", "Keyset paging: the documents whose names sort after this one"
                + " (the nextAfter of the page before; empty for the first page)"));
        new TreeSet<>(kind.strategy().filterFields()).forEach(field ->
                parameters.add(queryParameter(field, "string", "Only documents whose " + field + " is this value")));
        parameters.add(queryParameter("pretty", "string", "Pretty-print the JSON"));
        OpenApiWatchPaths.addToRead(listGet, kind.plural());
        Set<String> included = includes.names(kind);
        if (!included.isEmpty()) {
            ObjectNode include = queryParameter("include", "string", "Add to the answer, keyed by name: "
                    + String.join(", ", included) + " (comma-separated); anything else is a 400");
            included.forEach(((ObjectNode) include.get("schema")).putArray("enum")::add);
            parameters.add(include);
            includes.keys(kind).forEach(key -> listProperties.putObject(key).put("type", "object")
                    .put("description", "with ?include=: for each listed document, by name"));
        }
        ObjectNode create = operation((ObjectNode) paths.get(collection), "post", "Create, or replace the document of that name",
                jsonResponse("Created successfully or Updated successfully", written), "400", "401", "403", "413");
        create.set("requestBody", jsonBody(wrapped));

        ObjectNode item = paths.putObject(collection + "/{name}");
        item.putArray("parameters").add(nameParameter());
        OpenApiWatchPaths.addToRead(operation(item, "get", "Read one " + kind.singular(),
                jsonResponse("The document", objectWith(kind.singular(), ref(schemaName))), "400", "401", "404"),
                "this " + kind.singular() + ", from before it exists until after it is deleted");
        operation(item, "post", "Replace an existing " + kind.singular(),
                jsonResponse("Updated successfully", written), "400", "401", "403", "404", "413")
                .set("requestBody", jsonBody(wrapped));
        ObjectNode put = operation(item, "put", "Replace " + indefinite(kind.singular()) + ", or create it when absent (201)",
                jsonResponse("Updated successfully", written), "400", "401", "403", "412", "413");
        put.set("requestBody", jsonBody(wrapped));
        ((ObjectNode) put.get("responses")).set("201", jsonResponse("Created successfully", written));
        operation(item, "patch", "Change part of " + indefinite(kind.singular()) + " with a JSON merge patch (RFC 7396)",
                jsonResponse("Updated successfully", written), "400", "401", "403", "404", "412", "413")
                .set("requestBody", jsonBody(wrapped));
        ObjectNode deleted = status();
        ((ObjectNode) deleted.get("properties")).set("dryRun", dryRunMarker());
        operation(item, "delete", "Delete " + indefinite(kind.singular()), jsonResponse("Deleted successfully", deleted),
                "400", "401", "403", "404", "409", "412");
        for (String method : new String[] {"post", "put", "patch", "delete"}) {
            ((ObjectNode) item.get(method).get("responses")).forEach(OpenApiDocument::addDryRunHeader);
            ArrayNode conditions = ((ObjectNode) item.get(method)).putArray("parameters");
            conditions.add(headerParameter("If-Match", "Apply only to this version (the ETag of a read)"));
            conditions.add(queryParameter("dryRun", "boolean", "Validate and answer, store nothing"));
        }
        addDryRunHeader(create.get("responses").get("200"));
        ArrayNode createConditions = create.putArray("parameters");
        createConditions.add(headerParameter("If-None-Match", "*: create only, 412 if the name exists"));
        createConditions.add(queryParameter("dryRun", "boolean", "Validate and answer, store nothing"));
        ObjectNode usedBy = paths.putObject(collection + "/{name}/used-by");
        usedBy.putArray("parameters").add(nameParameter());
        operation(usedBy, "get", "What references this " + kind.singular(),
                jsonResponse("The referencing documents", objectWith("usedBy", keyList())), "400", "401", "404");
        OpenApiHistoryPaths.addTo(paths, kind, collection, nameParameter(), ref(schemaName), written);
    }


    private void addFixedPaths() {
        ObjectNode health = operation(paths.putObject("/health"), "get", "Whether the database answers",
                jsonResponse("ok", status()), "503");
        health.putArray("security");
        operation(paths.putObject("/health/live"), "get", "Whether the process answers (a liveness probe)",
                jsonResponse("ok", status())).putArray("security");
        operation(paths.putObject("/health/ready"), "get",
                "Whether the server may take traffic: started, not stopping, the database answers (a readiness probe)",
                jsonResponse("ok", status()), "503").putArray("security");
        ObjectNode openapi = operation(paths.putObject("/api/v1/openapi.json"), "get", "This description",
                jsonResponse("OpenAPI 3.1", Json.MAPPER.createObjectNode().put("type", "object")), "404");
        openapi.putArray("security");
        operation(paths.putObject("/api/v1/connection-types"), "get", "Connection types and their fields",
                jsonResponse("The types", Json.MAPPER.createObjectNode().put("type", "object")), "401");
        ObjectNode testResult = Json.MAPPER.createObjectNode().put("type", "object");
        ObjectNode testProperties = testResult.putObject("properties");
        testProperties.putObject("success").put("type", "boolean");
        for (String text : new String[] {"message", "error", "version"}) {
            testProperties.putObject(text).put("type", "string");
        }
        testProperties.putObject("latencyMs").put("type", "integer");
        ObjectNode host = testProperties.putObject("hosts").put("type", "array")
                .put("description", "Each host's own result, when the connection has several").putObject("items")
                .put("type", "object");
        ObjectNode hostProperties = host.putObject("properties");
        hostProperties.putObject("host").put("type", "string");
        hostProperties.putObject("success").put("type", "boolean");
        hostProperties.putObject("latencyMs").put("type", "integer");
        hostProperties.putObject("version").put("type", "string");
        hostProperties.putObject("error").put("type", "string");
        operation(paths.putObject("/api/v1/connections/test"), "post", "Test a connection before saving it",
                jsonResponse("The result", testResult), "400", "401", "403")
                .set("requestBody", jsonBody(objectWith("connection", ref("Connection"))));
        ObjectNode state = Json.MAPPER.createObjectNode().put("type", "object");
        ObjectNode stateProperties = state.putObject("properties");
        stateProperties.putObject("name").put("type", "string");
        stateProperties.putObject("state").putArray("enum").add("STARTING").add("RUNNING").add("STOPPED").add("FAILED");
        stateProperties.putObject("checkedAt").put("type", "string").put("format", "date-time");
        stateProperties.putObject("latencyMs").put("type", "integer");
        stateProperties.putObject("message").put("type", "string");
        connectionAction("test", "post", "Test a saved connection", testResult);
        connectionAction("status", "get", "The connection's state", state);
        connectionAction("start", "post", "Start: STARTING, then RUNNING or FAILED", state);
        connectionAction("stop", "post", "Stop checking the connection", state);
        connectionAction("fail", "post", "Force FAILED", state);
        OpenApiHistoryPaths.addAuditTo(paths);
        ObjectNode verify = paths.putObject("/api/v1/user-auths/{name}/verify");
        verify.putArray("parameters").add(nameParameter());
        operation(verify, "post", "Check a user's password", jsonResponse("Whether it is valid", objectWith("valid",
                Json.MAPPER.createObjectNode().put("type", "boolean"))), "400", "401")
                .set("requestBody", jsonBody(objectWith("password", Json.MAPPER.createObjectNode().put("type", "string"))));
    }


    /** {@code /api/v1/api-tokens}: not a document kind; the raw token is only in the creation's answer. */
    private void addApiTokens() {
        ObjectNode token = Json.MAPPER.createObjectNode().put("type", "object");
        ObjectNode properties = token.putObject("properties");
        properties.putObject("name").put("type", "string").put("pattern", Names.PATTERN);
        properties.putObject("role").put("type", "string").put("description", "the role whose permissions it has");
        for (String text : new String[] {"user", "createdBy"}) {
            properties.putObject(text).putArray("type").add("string").add("null");
        }
        for (String time : new String[] {"createdAt", "expiresAt", "lastUsedAt"}) {
            properties.putObject(time).put("format", "date-time").putArray("type").add("string").add("null");
        }
        schemas.set("ApiToken", token);
        ObjectNode request = Json.MAPPER.createObjectNode().put("type", "object").put("additionalProperties", false);
        ObjectNode requested = request.putObject("properties");
        requested.putObject("name").put("type", "string").put("pattern", Names.PATTERN);
        requested.putObject("role").put("type", "string").put("description", "default super-admin");
        requested.putObject("expiresIn").put("type", "string").put("description", "e.g. 30d, 12h, P30D");
        requested.putObject("user").put("type", "string").put("description", "default: the calling token's user");
        request.putArray("required").add("name");
        ObjectNode created = objectWith("apiToken", ref("ApiToken"));
        ((ObjectNode) created.get("properties")).putObject("token").put("type", "string")
                .put("description", "the raw token, shown only in this answer");
        ObjectNode collection = paths.putObject("/api/v1/api-tokens");
        operation(collection, "get", "List active API tokens (ManageApiTokens)", jsonResponse("The tokens",
                objectWith("apiTokens", Json.MAPPER.createObjectNode().put("type", "array").set("items", ref("ApiToken")))),
                "401", "403");
        operation(collection, "post", "Create an API token (ManageApiTokens)", jsonResponse("Created", created),
                "400", "401", "403", "409").set("requestBody", jsonBody(objectWith("apiToken", request)));
        ObjectNode item = paths.putObject("/api/v1/api-tokens/{name}");
        item.putArray("parameters").add(nameParameter());
        operation(item, "get", "One API token", jsonResponse("The token", objectWith("apiToken", ref("ApiToken"))),
                "401", "403", "404");
        operation(item, "delete", "Revoke an API token", jsonResponse("Revoked", status()), "401", "403", "404");
    }

    private void connectionAction(String action, String method, String summary, ObjectNode result) {
        ObjectNode path = paths.putObject("/api/v1/connections/{name}/" + action);
        path.putArray("parameters").add(nameParameter());
        operation(path, method, summary, jsonResponse("The result", result), "400", "401", "403", "404");
    }

    static ObjectNode operation(ObjectNode path, String method, String summary, ObjectNode ok, String... errors) {
        ObjectNode operation = path.putObject(method).put("summary", summary);
        ObjectNode responses = operation.putObject("responses");
        responses.set("200", ok);
        for (String error : errors) {
            responses.putObject(error).put("$ref", ERRORS + error);
        }
        return operation;
    }

    static ObjectNode jsonResponse(String description, ObjectNode schema) {
        ObjectNode response = Json.MAPPER.createObjectNode().put("description", description);
        response.putObject("content").putObject("application/json").set("schema", schema);
        return response;
    }

    static ObjectNode jsonBody(ObjectNode schema) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("required", true);
        body.putObject("content").putObject("application/json").set("schema", schema);
        return body;
    }

    static ObjectNode queryParameter(String name, String type, String description) {
        ObjectNode parameter = Json.MAPPER.createObjectNode().put("name", name).put("in", "query")
                .put("description", description);
        parameter.putObject("schema").put("type", type);
        return parameter;
    }

    static ObjectNode headerParameter(String name, String description) {
        ObjectNode parameter = Json.MAPPER.createObjectNode().put("name", name).put("in", "header")
                .put("description", description);
        parameter.putObject("schema").put("type", "string");
        return parameter;
    }

    private static ObjectNode nameParameter() {
        ObjectNode parameter = Json.MAPPER.createObjectNode().put("name", "name").put("in", "path").put("required", true);
        parameter.putObject("schema").put("type", "string").put("pattern", Names.PATTERN);
        return parameter;
    }

    static ObjectNode objectWith(String property, ObjectNode schema) {
        ObjectNode object = Json.MAPPER.createObjectNode().put("type", "object");
        object.putObject("properties").set(property, schema);
        object.putArray("required").add(property);
        return object;
    }

    private static ObjectNode status() {
        ObjectNode status = Json.MAPPER.createObjectNode().put("type", "object");
        status.putObject("properties").putObject("status").put("type", "string");
        ((ObjectNode) status.get("properties")).putObject("message").put("type", "string");
        return status;
    }

    /** {@code "dryRun": true} in the answer of a dry run, never in a real write's. */
    private static ObjectNode dryRunMarker() {
        return Json.MAPPER.createObjectNode().put("const", true)
                .put("description", "only on a dry run's answer (?dryRun=true): nothing was stored");
    }

    /** The {@value Conditions#DRY_RUN_HEADER} header on a write's success (an error response's $ref has none). */
    static void addDryRunHeader(JsonNode response) {
        if (response.has("content")) {
            ObjectNode header = ((ObjectNode) response).putObject("headers").putObject(Conditions.DRY_RUN_HEADER)
                    .put("description", "true on a dry run's answer (?dryRun=true), absent otherwise");
            header.putObject("schema").put("type", "string").put("const", "true");
        }
    }

    private static ObjectNode keyList() {
        ObjectNode list = Json.MAPPER.createObjectNode().put("type", "array");
        ObjectNode key = list.putObject("items").put("type", "object");
        key.putObject("properties").putObject("resource").put("type", "string");
        ((ObjectNode) key.get("properties")).putObject("name").put("type", "string");
        return list;
    }

    private static ObjectNode ref(String schema) {
        return Json.MAPPER.createObjectNode().put("$ref", "#/components/schemas/" + schema);
    }

    /** "a dataCube", "an alert": the noun with its indefinite article (by its first letter, which serves these names). */
    private static String indefinite(String noun) {
        return ("aeiou".indexOf(Character.toLowerCase(noun.charAt(0))) >= 0 ? "an " : "a ") + noun;
    }
}
