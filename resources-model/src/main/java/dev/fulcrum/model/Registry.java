package dev.fulcrum.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A set of kinds that a server serves: {@link Kinds#STANDARD}, or in tests the standard ones and more. */
public final class Registry {
    private final List<Kind> all;
    private final Map<String, Kind> byResource = new LinkedHashMap<>();
    private final List<Kind> inDependencyOrder;

    public Registry(List<Kind> kinds) {
        this.all = List.copyOf(kinds);
        for (Kind kind : all) {
            if (byResource.put(kind.resource(), kind) != null) {
                throw new IllegalArgumentException("two kinds are named " + kind.resource());
            }
        }
        this.inDependencyOrder = dependencyOrder(all);
    }

    /** These kinds and {@code more}. */
    public Registry with(Kind... more) {
        List<Kind> kinds = new ArrayList<>(all);
        kinds.addAll(List.of(more));
        return new Registry(kinds);
    }

    /** Every kind, in registration order. */
    public List<Kind> all() {
        return all;
    }

    public Optional<Kind> byResource(String resource) {
        return Optional.ofNullable(byResource.get(resource));
    }

    /**
     * Every kind, each after the kinds it references ({@link ResourceStrategy#referencedResources}), otherwise
     * in registry order: the order of export bundles and of imports.
     */
    public List<Kind> inDependencyOrder() {
        return inDependencyOrder;
    }

    /** A topological order of {@code kinds} by their references; ties keep the given order. */
    static List<Kind> dependencyOrder(List<Kind> kinds) {
        List<Kind> ordered = new ArrayList<>();
        List<Kind> waiting = new ArrayList<>(kinds);
        while (!waiting.isEmpty()) {
            Kind next = waiting.stream()
                    .filter(kind -> kind.strategy().referencedResources().stream().allMatch(resource ->
                            ordered.stream().anyMatch(done -> done.resource().equals(resource))))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("the references of " + waiting.stream()
                            .map(Kind::resource).toList() + " form a cycle or name an unknown resource"));
            ordered.add(next);
            waiting.remove(next);
        }
        return List.copyOf(ordered);
    }
}
