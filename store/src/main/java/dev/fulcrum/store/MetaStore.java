package dev.fulcrum.store;

import java.util.Optional;

/** Small facts about the database itself, by name. */
public interface MetaStore {

    Optional<String> get(String name);

    /** Stores {@code value} unless the name already has one; returns the value now stored. */
    String putIfAbsent(String name, String value);

    /** Stores {@code value} under the name, replacing what was there. */
    void put(String name, String value);
}
