package dev.fulcrum.model;

/** One problem with one field, named by its path such as {@code dataCube.dimensions[0].name}. */
public record FieldError(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
