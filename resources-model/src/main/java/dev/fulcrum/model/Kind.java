package dev.fulcrum.model;

/**
 * One kind of document served under {@code /api/v1/<resource>}: its names on the wire and its strategy.
 *
 * @param resource the URL segment, e.g. {@code data-cubes}
 * @param singular the wrapper key of one document, e.g. {@code dataCube}
 * @param plural   the wrapper key of a list, e.g. {@code dataCubes}
 */
public record Kind(String resource, String singular, String plural, ResourceStrategy strategy) {
}
