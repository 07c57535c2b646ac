package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.Reference;
import dev.fulcrum.model.ResourceStrategy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Data cubes, in both shapes Pivot has used: flat ({@code connectionName}, {@code source: "table"}) and
 * nested ({@code source: {value, connectionName, type}}). Dimensions and measures gain Pivot's titles,
 * formulas and types.
 */
public final class DataCubeStrategy implements ResourceStrategy {
    private static final Set<String> DIMENSION_TYPES = Set.of("STRING", "TIME", "NUMBER", "BOOLEAN");

    /** The table {@code wikipedia} of the connection {@code druid-main}, with one dimension and one measure. */
    @Override
    public ObjectNode example(String name) {
        ObjectNode cube = JsonNodeFactory.instance.objectNode().put("name", name).put("title", "Wiki Edits")
                .put("connectionName", "druid-main").put("source", "wikipedia");
        cube.putArray("dimensions").addObject().put("name", "page");
        cube.putArray("measures").addObject().put("name", "added");
        return cube;
    }

    @Override
    public void applyDefaults(ObjectNode cube) {
        for (JsonNode dimension : cube.path("dimensions")) {
            if (dimension instanceof ObjectNode object && object.path("name").isTextual()) {
                String name = object.get("name").asText();
                Defaults.inOrder(object, "name", "title", Titles.fromName(name), "formula", reference(name), "type", "STRING");
            }
        }
        for (JsonNode measure : cube.path("measures")) {
            if (measure instanceof ObjectNode object && object.path("name").isTextual()) {
                String name = object.get("name").asText();
                Defaults.inOrder(object, "name", "title", Titles.fromName(name), "formula", "$main.sum(" + reference(name) + ")");
            }
        }
        Defaults.putIfAbsent(cube, "specialTimeDimension", "!NONE");
        if (!cube.has("enforceTimeFilter")) {
            cube.put("enforceTimeFilter", false);
        }
    }

    /** A Plywood reference to a column: {@code $name}, or {@code ${name}} when the name is not an identifier. */
    static String reference(String name) {
        return name.matches("[A-Za-z_]\\w*") ? "$" + name : "${" + name + "}";
    }

    @Override
    public void validate(ObjectNode cube, Problems problems) {
        Fields fields = Fields.of(cube, problems);
        fields.string("title");
        fields.string("description");
        fields.string("specialTimeDimension");
        fields.bool("enforceTimeFilter");
        JsonNode source = cube.get("source");
        if (fields.isRecording()) {
            describeSources(fields);
        } else if (source != null && source.isObject()) {
            fields.nested("source", true, nested -> {
                nested.requiredString("value");
                nested.requiredString("connectionName");
                nested.string("type");
            });
            if (cube.has("connectionName") && !cube.get("connectionName").equals(source.get("connectionName"))) {
                fields.problem("connectionName", "differs from source.connectionName; give the connection once");
            }
        } else {
            fields.requiredString("source");
            fields.requiredString("connectionName");
        }
        Map<String, String> seen = new HashMap<>();
        fields.eachObject("dimensions", false, (dimension, i) -> {
            unique(dimension, seen, "dimensions[" + i + "]");
            dimension.string("title");
            dimension.string("formula");
            dimension.oneOf("type", DIMENSION_TYPES);
        });
        fields.eachObject("measures", false, (measure, i) -> {
            unique(measure, seen, "measures[" + i + "]");
            measure.string("title");
            measure.string("formula");
        });
    }

    /** The two shapes of a cube's source, for the schema: a table name, or {value, connectionName, type}. */
    private static void describeSources(Fields fields) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode nested = nodes.objectNode().put("type", "object");
        nested.putObject("properties").set("value", nodes.objectNode().put("type", "string"));
        ((ObjectNode) nested.get("properties")).set("connectionName", nodes.objectNode().put("type", "string"));
        ((ObjectNode) nested.get("properties")).set("type", nodes.objectNode().put("type", "string"));
        nested.putArray("required").add("value").add("connectionName");
        ObjectNode source = nodes.objectNode();
        source.putArray("oneOf").add(nodes.objectNode().put("type", "string")).add(nested);
        fields.describe("source", source, true);
        fields.describe("connectionName", nodes.objectNode().put("type", "string")
                .put("description", "required with the flat shape, where source is a table name"), false);
    }

    private static void unique(Fields element, Map<String, String> seen, String where) {
        String name = element.requiredString("name");
        if (name != null) {
            String first = seen.putIfAbsent(name, where);
            if (first != null) {
                element.problem("name", "'" + name + "' is already the name of " + first
                        + "; dimension and measure names must be unique");
            }
        }
    }

    @Override
    public Set<String> referencedResources() {
        return Set.of("connections");
    }

    @Override
    public List<Reference> references(ObjectNode cube) {
        JsonNode source = cube.get("source");
        if (source != null && source.isObject()) {
            return List.of(new Reference("connections", source.path("connectionName").asText(), "source.connectionName"));
        }
        return List.of(new Reference("connections", cube.path("connectionName").asText(), "connectionName"));
    }
    @Override
    public Set<String> filterFields() {
        return Set.of("connectionName", "source");
    }

    /** Both shapes filter alike: {@code connectionName} and {@code source} come from {@code source: {...}} too. */
    @Override
    public String filterValue(ObjectNode cube, String field) {
        JsonNode source = cube.get("source");
        if (source != null && source.isObject()) {
            return source.path(field.equals("source") ? "value" : "connectionName").asText(null);
        }
        return ResourceStrategy.super.filterValue(cube, field);
    }
}
