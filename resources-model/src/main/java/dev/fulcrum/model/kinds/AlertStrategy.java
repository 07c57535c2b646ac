package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Access;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.Reference;
import dev.fulcrum.model.ResourceStrategy;
import java.util.List;
import java.util.Set;

/** Alerts: conditions on a data cube's measures, checked every {@code checkFrequency}. */
public final class AlertStrategy implements ResourceStrategy {

    /** Ten edits a minute in the data cube {@code wiki_edits}, owned by ada@example.com. */
    @Override
    public ObjectNode example(String name) {
        ObjectNode alert = JsonNodeFactory.instance.objectNode().put("name", name).put("owner", "ada@example.com")
                .put("title", "Spike").put("dataCube", "wiki_edits").put("checkFrequency", "PT1M")
                .put("type", "overall").put("timeFrame", "P1D");
        alert.putArray("conditions").addObject().put("type", "value").put("measure", "count")
                .put("condition", "greaterThan").put("value", "10");
        return alert;
    }

    @Override
    public void validate(ObjectNode alert, Problems problems) {
        Fields fields = Fields.of(alert, problems);
        fields.string("owner");
        fields.string("title");
        fields.requiredString("dataCube");
        fields.duration("checkFrequency", false);
        fields.duration("timeFrame", false);
        fields.oneOf("type", Set.of("overall", "within-split"));
        fields.object("filter");
        fields.array("splits", false);
        fields.eachObject("conditions", false, (condition, i) -> {
            condition.requiredString("type");
            condition.requiredString("measure");
            condition.requiredString("condition");
            condition.numberOrString("value", true);
        });
        Audiences.check(fields, "recipients");
        Audiences.check(fields, "admins");
        fields.array("webhooks", false);
        fields.nested("compare", false, compare -> {
            compare.string("type");
            compare.duration("duration", false);
        });
        fields.bool("sendEmailToRecipients");
    }

    @Override
    public Set<String> referencedResources() {
        return Set.of("data-cubes", "users");
    }

    @Override
    public List<Reference> references(ObjectNode alert) {
        Reference cube = new Reference("data-cubes", alert.path("dataCube").asText(), "dataCube");
        return alert.path(Access.OWNER).isTextual()
                ? List.of(cube, Reference.ifExists("users", alert.get(Access.OWNER).asText(), Access.OWNER)) : List.of(cube);
    }
    @Override
    public Set<String> filterFields() {
        return Set.of("owner", "dataCube", "type");
    }
}
