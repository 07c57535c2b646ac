package dev.fulcrum.store;

/** The identity of a document: its resource and its name. */
public record DocumentKey(String resource, String name) {
}
