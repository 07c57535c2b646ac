package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.Reference;
import dev.fulcrum.model.ResourceStrategy;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;

/** Dashboards: pages of tiles; a tile that shows a data cube names it in {@code facetEssence.dataCube}. */
public final class DashboardStrategy implements ResourceStrategy {

    /** One page with one tile showing the data cube {@code wiki_edits}. */
    @Override
    public ObjectNode example(String name) {
        ObjectNode dashboard = JsonNodeFactory.instance.objectNode().put("name", name).put("title", "Overview");
        ObjectNode page = dashboard.putArray("pages").addObject().put("name", "p1").put("label", "Main");
        page.putArray("tiles").addObject().putObject("facetEssence").put("dataCube", "wiki_edits");
        return dashboard;
    }

    @Override
    public void validate(ObjectNode dashboard, Problems problems) {
        Fields fields = Fields.of(dashboard, problems);
        fields.string("title");
        fields.string("description");
        fields.eachObject("pages", false, (page, p) -> {
            page.string("name");
            page.string("label");
            page.eachObject("tiles", false, (tile, t) -> tile.nested("facetEssence", false,
                    essence -> essence.string("dataCube")));
        });
    }

    @Override
    public Set<String> referencedResources() {
        return Set.of("data-cubes");
    }

    @Override
    public List<Reference> references(ObjectNode dashboard) {
        List<Reference> references = new ArrayList<>();
        JsonNode pages = dashboard.path("pages");
        for (int p = 0; pages.isArray() && p < pages.size(); p++) {
            JsonNode tiles = pages.get(p).path("tiles");
            for (int t = 0; tiles.isArray() && t < tiles.size(); t++) {
                JsonNode cube = tiles.get(t).path("facetEssence").path("dataCube");
                if (cube.isTextual()) {
                    references.add(new Reference("data-cubes", cube.asText(),
                            "pages[" + p + "].tiles[" + t + "].facetEssence.dataCube"));
                }
            }
        }
        return references;
    }
    @Override
    public Set<String> filterFields() {
        return Set.of("title");
    }
}
