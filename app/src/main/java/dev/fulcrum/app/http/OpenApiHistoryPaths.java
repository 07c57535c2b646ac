package dev.fulcrum.app.http;

import static dev.fulcrum.app.http.OpenApiDocument.headerParameter;
import static dev.fulcrum.app.http.OpenApiDocument.jsonResponse;
import static dev.fulcrum.app.http.OpenApiDocument.operation;
import static dev.fulcrum.app.http.OpenApiDocument.queryParameter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.Kind;

/** The part of the API description for each document's history and restore, and for the audit log. */
final class OpenApiHistoryPaths {
    private OpenApiHistoryPaths() {
    }

    /** {@code <collection>/{name}/history}, {@code .../history/{version}} and {@code .../restore} of one kind. */
    static void addTo(ObjectNode paths, Kind kind, String collection, ObjectNode nameParameter, ObjectNode documentSchema,
                      ObjectNode written) {
        ObjectNode entry = Json.MAPPER.createObjectNode().put("type", "object");
        ObjectNode entryProperties = entry.putObject("properties");
        entryProperties.putObject("version").put("type", "integer");
        entryProperties.putObject("change").putArray("enum").add("create").add("update").add("delete");
        entryProperties.putObject("changedAt").put("type", "string").put("format", "date-time");
        entryProperties.putObject("changedBy").put("type", "object")
                .put("description", "{\"token\": name, \"user\": name} or {\"system\": true}");
        entryProperties.set(kind.singular(), documentSchema);
        ObjectNode page = Json.MAPPER.createObjectNode().put("type", "object");
        ObjectNode pageProperties = page.putObject("properties");
        pageProperties.putObject("history").put("type", "array").set("items", entry);
        for (String paging : new String[] {"page", "perPage", "total"}) {
            pageProperties.putObject(paging).put("type", "integer");
        }
        ObjectNode history = paths.putObject(collection + "/{name}/history");
        history.putArray("parameters").add(nameParameter.deepCopy());
        ArrayNode paging = operation(history, "get", "Every version of this " + kind.singular() + ", newest first",
                jsonResponse("A page of the history", page), "400", "401", "404").putArray("parameters");
        paging.add(queryParameter("page", "integer", "Page, counted from 1"));
        paging.add(queryParameter("per_page", "integer", "Entries per page, 1-1000 (default 50)"));
        ObjectNode version = paths.putObject(collection + "/{name}/history/{version}");
        version.putArray("parameters").add(nameParameter.deepCopy()).add(versionParameter());
        operation(version, "get", "One version of this " + kind.singular() + " (secrets masked)",
                jsonResponse("The version", entry), "400", "401", "404");
        ObjectNode restore = paths.putObject(collection + "/{name}/history/{version}/restore");
        restore.putArray("parameters").add(nameParameter.deepCopy()).add(versionParameter());
        ArrayNode conditions = operation(restore, "post", "Write this version again as a new one (brings back a deleted "
                + kind.singular() + ")", jsonResponse("Restored version N as version M", written),
                "400", "401", "403", "404", "412").putArray("parameters");
        conditions.add(headerParameter("If-Match", "Apply only if the current version is this one"));
        conditions.add(queryParameter("dryRun", "boolean", "Validate and answer, store nothing"));
    }

    private static ObjectNode versionParameter() {
        ObjectNode parameter = Json.MAPPER.createObjectNode().put("name", "version").put("in", "path").put("required", true);
        parameter.putObject("schema").put("type", "integer").put("minimum", 1);
        return parameter;
    }

    /** {@code GET /api/v1/audit}. */
    static void addAuditTo(ObjectNode paths) {
        ObjectNode entry = Json.MAPPER.createObjectNode().put("type", "object");
        ObjectNode properties = entry.putObject("properties");
        for (String text : new String[] {"id", "clientAddress", "method", "path", "resource", "name"}) {
            properties.putObject(text).put("type", "string");
        }
        properties.putObject("time").put("type", "string").put("format", "date-time");
        properties.putObject("actor").put("type", "object");
        properties.putObject("status").put("type", "integer");
        properties.putObject("changedFields").put("type", "array").putObject("items").put("type", "string");
        properties.putObject("requestId").put("description", "The request's X-Request-Id (the first one's, for an entry"
                + " counting several); null for entries older than request ids").putArray("type").add("string").add("null");
        ObjectNode page = Json.MAPPER.createObjectNode().put("type", "object");
        page.putObject("properties").putObject("audit").put("type", "array").set("items", entry);
        ((ObjectNode) page.get("properties")).putObject("nextCursor").putArray("type").add("string").add("null");
        ArrayNode parameters = operation(paths.putObject("/api/v1/audit"), "get",
                "Changes and refused requests, newest first", jsonResponse("A page of the audit log", page), "400", "401", "403")
                .putArray("parameters");
        parameters.add(queryParameter("resource", "string", "Only this resource"));
        parameters.add(queryParameter("name", "string", "Only this document"));
        parameters.add(queryParameter("actor", "string", "Only this token or user"));
        parameters.add(queryParameter("since", "string", "From this time (ISO 8601), inclusive"));
        parameters.add(queryParameter("until", "string", "Before this time (ISO 8601)"));
        parameters.add(queryParameter("cursor", "string", "The nextCursor of the previous page"));
        parameters.add(queryParameter("limit", "integer", "Entries per page, 1-1000 (default 100)"));
    }
}
