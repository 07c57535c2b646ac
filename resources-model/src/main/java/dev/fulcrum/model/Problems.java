package dev.fulcrum.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found while writing one document, so a client sees them all at once, in one 400: the
 * engine adds the name's, the kind's {@code validate} each field's, then the engine each reference's, in that order.
 * Paths are relative to the document's wrapper key, e.g. {@code dataCube.measures[1].name}.
 */
public final class Problems {
    private final String root;
    private final List<FieldError> errors = new ArrayList<>();
    /** For each error, the whole message it is told with when it is the only one, or null for the usual form. */
    private final List<String> alone = new ArrayList<>();
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
        add(relativePath, message, null);
    }

    /**
     * Records a problem that, when it is the only one, is the whole error ({@code aloneMessage}, without details), as
     * the problems of a request's URL have always been told; among others it is a detail like any other.
     */
    public void add(String relativePath, String message, String aloneMessage) {
        errors.add(new FieldError(pathOf(relativePath), message));
        alone.add(aloneMessage);
    }

    /** A copy to add more problems to, leaving these as they are. */
    public Problems copy() {
        Problems copy = new Problems(root, schema);
        copy.errors.addAll(errors);
        copy.alone.addAll(alone);
        return copy;
    }

    /** Whether any problem has been found. */
    public boolean any() {
        return !errors.isEmpty();
    }

    /**
     * Whether a problem sits at {@code relativePath}, at a field that contains it or inside it (the document itself
     * aside): a reference there is not checked, since its value is wrong already.
     */
    public boolean covers(String relativePath) {
        String path = pathOf(relativePath);
        for (FieldError error : errors) {
            String other = error.path();
            if (!other.equals(root) && (other.equals(path) || within(path, other) || within(other, path))) {
                return true;
            }
        }
        return false;
    }

    private static boolean within(String path, String container) {
        return path.startsWith(container) && path.length() > container.length()
                && (path.charAt(container.length()) == '.' || path.charAt(container.length()) == '[');
    }

    private String pathOf(String relativePath) {
        return relativePath.isEmpty() ? root
                : relativePath.startsWith("[") ? root + relativePath : root + "." + relativePath;
    }

    /** Throws an {@link InvalidException} listing every problem, in the order they were found, if there is any. */
    public void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        if (errors.size() == 1 && alone.get(0) != null) {
            throw new InvalidException(alone.get(0));
        }
        String summary = errors.size() == 1 ? errors.get(0).toString()
                : errors.get(0) + " (and " + (errors.size() - 1) + " more)";
        throw new InvalidException("Invalid " + root + ": " + summary, errors);
    }
}
