package dev.fulcrum.app;

import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.Registry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the conformance suite knows of kinds, each fact read in one place: which kinds there are, and which
 * permissions read and write each. Nothing here names a kind.
 */
final class ConformanceKinds {
    private ConformanceKinds() {
    }

    /** The kinds the server serves. */
    static Registry registry() {
        return Kinds.STANDARD;
    }

    /** Every kind of {@link #registry}. */
    static List<Kind> all() {
        return registry().all();
    }

    /**
     * Which permissions allow what on a kind. A verb is allowed with any one of its list; {@code ownerOnly}
     * permissions write only documents whose owner is the token's user, so they write nothing for a token
     * of no user.
     */
    record Access(List<String> read, List<String> create, List<String> update, List<String> delete,
                  List<String> ownerOnly) {

        /** Every permission the kind names, each once. */
        Set<String> all() {
            Set<String> all = new LinkedHashSet<>();
            for (List<String> list : List.of(read, create, update, delete, ownerOnly)) {
                all.addAll(list);
            }
            return all;
        }
    }

    /** The kind's permissions, as its definition gives them. */
    static Access access(Kind kind) {
        dev.fulcrum.model.Access access = kind.access();
        return new Access(access.allowing(dev.fulcrum.model.Access.Verb.READ),
                access.allowing(dev.fulcrum.model.Access.Verb.CREATE), access.allowing(dev.fulcrum.model.Access.Verb.UPDATE),
                access.allowing(dev.fulcrum.model.Access.Verb.DELETE), access.ownerOnly());
    }
}
