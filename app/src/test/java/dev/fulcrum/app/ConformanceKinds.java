package dev.fulcrum.app;

import dev.fulcrum.app.tokens.AccessPolicy;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
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

    /** Every kind of the registry. */
    static List<Kind> all() {
        return Kinds.all();
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

    /** The kind's permissions, as the server enforces them. */
    static Access access(Kind kind) {
        AccessPolicy.Rule rule = AccessPolicy.table().get(kind.resource());
        return new Access(rule.verbs().get(AccessPolicy.Verb.READ), rule.verbs().get(AccessPolicy.Verb.CREATE),
                rule.verbs().get(AccessPolicy.Verb.UPDATE), rule.verbs().get(AccessPolicy.Verb.DELETE), rule.ownerOnly());
    }
}
