package dev.fulcrum.app.access;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** Reads other documents as a write's transaction sees them (an import's earlier documents included). */
@FunctionalInterface
public interface DocumentLookup {
    Optional<ObjectNode> find(String resource, String name);
}
