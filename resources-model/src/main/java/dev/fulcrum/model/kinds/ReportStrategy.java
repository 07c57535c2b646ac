package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Access;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.Reference;
import dev.fulcrum.model.ResourceStrategy;
import java.util.List;
import java.util.Set;

/** Scheduled reports: a view of a data cube ({@code essence}) delivered on a schedule. */
public final class ReportStrategy implements ResourceStrategy {

    /** A weekly view of the data cube {@code wiki_edits}, owned by ada@example.com. */
    @Override
    public ObjectNode example(String name) {
        ObjectNode report = JsonNodeFactory.instance.objectNode().put("name", name).put("owner", "ada@example.com")
                .put("title", "Weekly");
        report.putObject("delivery").put("frequency", "P1W").put("dayType", "of-week").put("day", 1).put("time", 8);
        report.putObject("essence").put("dataCube", "wiki_edits");
        report.putArray("externalEmails");
        return report;
    }

    @Override
    public void validate(ObjectNode report, Problems problems) {
        Fields fields = Fields.of(report, problems);
        fields.string("owner");
        fields.string("title");
        fields.string("creationDate");
        fields.nested("delivery", false, delivery -> {
            delivery.duration("frequency", false);
            delivery.oneOf("dayType", Set.of("of-week", "of-month"));
            delivery.integer("time", 0, 23);
            delivery.integer("day", 0, 31);
            delivery.string("frequencyType");
        });
        fields.nested("essence", true, essence -> {
            essence.requiredString("dataCube");
            essence.strings("selectedMeasures", false);
            essence.string("timezone");
        });
        Audiences.check(fields, "admins");
        fields.emails("externalEmails");
    }

    @Override
    public Set<String> referencedResources() {
        return Set.of("data-cubes", "users");
    }

    @Override
    public List<Reference> references(ObjectNode report) {
        JsonNode cube = report.path("essence").path("dataCube");
        Reference essence = new Reference("data-cubes", cube.asText(), "essence.dataCube");
        return report.path(Access.OWNER).isTextual()
                ? List.of(essence, Reference.ifExists("users", report.get(Access.OWNER).asText(), Access.OWNER))
                : List.of(essence);
    }
    @Override
    public Set<String> filterFields() {
        return Set.of("owner", "dataCube");
    }

    @Override
    public String filterValue(ObjectNode report, String field) {
        return field.equals("dataCube") ? report.path("essence").path("dataCube").asText(null)
                : ResourceStrategy.super.filterValue(report, field);
    }
}
