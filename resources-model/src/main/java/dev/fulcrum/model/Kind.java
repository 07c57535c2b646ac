package dev.fulcrum.model;

/**
 * The whole definition of one kind of document served under {@code /api/v1/<resource>}: its names on the wire,
 * its strategy (defaults, validation, references, secrets, after-commit hooks) and who may read and write it.
 * Everything else (routes, the API gate, the API description, export and import, the tests) loops over the
 * {@link Registry}; a new kind is a strategy and one line in {@link Kinds}.
 *
 * @param resource the URL segment, e.g. {@code data-cubes}
 * @param singular the wrapper key of one document, e.g. {@code dataCube}
 * @param plural   the wrapper key of a list, e.g. {@code dataCubes}
 * @param access   which permissions read and write its documents
 */
public record Kind(String resource, String singular, String plural, ResourceStrategy strategy, Access access) {
}
