package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.ResourceStrategy;

/** Data cubes: dimensions and measures gain Pivot's titles, formulas and types. */
public final class DataCubeStrategy implements ResourceStrategy {

    @Override
    public void applyDefaults(ObjectNode cube) {
        for (JsonNode dimension : cube.path("dimensions")) {
            if (dimension instanceof ObjectNode object && object.path("name").isTextual()) {
                String name = object.get("name").asText();
                Defaults.inOrder(object, "name", "title", Titles.fromName(name), "formula", "$" + name, "type", "STRING");
            }
        }
        for (JsonNode measure : cube.path("measures")) {
            if (measure instanceof ObjectNode object && object.path("name").isTextual()) {
                String name = object.get("name").asText();
                Defaults.inOrder(object, "name", "title", Titles.fromName(name), "formula", "$main.sum($" + name + ")");
            }
        }
        Defaults.putIfAbsent(cube, "specialTimeDimension", "!NONE");
        if (!cube.has("enforceTimeFilter")) {
            cube.put("enforceTimeFilter", false);
        }
    }
}
