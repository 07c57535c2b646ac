package dev.fulcrum.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found while validating one document, so a client sees them all at once.
 * Paths are relative to the document's wrapper key, e.g. {@code dataCube.measures[1].name}.
 */
public final class Problems {
    private final String root;
    private final List<FieldError> errors = new ArrayList<>();
    private final ObjectNode schema;

    public Problems(String root) {
        this(root, null);
    }

    private Problems(String root, ObjectNode schema) {
        this.root = root;
        this.schema = schema;
    }

    /**
     * Problems that record instead of check: a strategy's {@code validate} run against them writes the
     * JSON Schema of what it checks into {@code schema}, so the API description comes from validation itself.
     */
    public static Problems recordingSchemaInto(ObjectNode schema) {
        return new Problems("", schema);
    }

    /** The schema being recorded, or null when these problems check a real document. */
    public ObjectNode schema() {
        return schema;
    }

    /** Records a problem at {@code relativePath} (empty for the document itself). */
    public void add(String relativePath, String message) {
        String path = relativePath.isEmpty() ? root
                : relativePath.startsWith("[") ? root + relativePath : root + "." + relativePath;
        errors.add(new FieldError(path, message));
    }

    /** Throws an {@link InvalidException} listing every problem, if there is any. */
    public void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        String summary = errors.size() == 1 ? errors.get(0).toString()
                : errors.get(0) + " (and " + (errors.size() - 1) + " more)";
        throw new InvalidException("Invalid " + root + ": " + summary, errors);
    }
}
