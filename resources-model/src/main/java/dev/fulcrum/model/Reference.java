package dev.fulcrum.model;

/** A link from a document to another one: the resource it lives in and its name, and where the link sits. */
public record Reference(String resource, String name, String path) {
}
