package dev.fulcrum.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which permissions allow which verb on a resource. A verb is allowed when the caller's role has any of the
 * permissions listed for it. {@link #ownerOnly} permissions allow create, update and delete of documents whose
 * {@code owner} is the caller's own user (alerts and reports).
 *
 * @param verbs     for each verb, the permissions that allow it on every document
 * @param ownerOnly permissions that allow writes to the caller's own documents only
 */
public record Access(Map<Verb, List<String>> verbs, List<String> ownerOnly) {
    /** What a request does to a resource. */
    public enum Verb { READ, CREATE, UPDATE, DELETE }

    /** The field naming a document's owner, for {@link #ownerOnly} permissions. */
    public static final String OWNER = "owner";

    public Access {
        verbs = Map.copyOf(verbs);
        ownerOnly = List.copyOf(ownerOnly);
    }

    /** The permissions that allow {@code verb} on every document. */
    public List<String> allowing(Verb verb) {
        return verbs.get(verb);
    }

    /** One permission does everything. */
    public static Access everyVerb(String permission) {
        return new Access(verbs(List.of(permission), List.of(permission), List.of(permission), List.of(permission)), List.of());
    }

    /** The administer permission does everything; the change permission may read and update, not create or delete. */
    public static Access administerOrChange(String administer, String change) {
        List<String> both = List.of(administer, change);
        return new Access(verbs(both, List.of(administer), both, List.of(administer)), List.of());
    }

    /** The manage permission does everything; the others read everything and write the caller's own documents. */
    public static Access ownerScoped(String manage, String... ownDocuments) {
        List<String> readers = new ArrayList<>(List.of(manage));
        readers.addAll(List.of(ownDocuments));
        return new Access(verbs(readers, List.of(manage), List.of(manage), List.of(manage)), List.of(ownDocuments));
    }

    private static Map<Verb, List<String>> verbs(List<String> read, List<String> create, List<String> update,
                                                 List<String> delete) {
        Map<Verb, List<String>> verbs = new EnumMap<>(Verb.class);
        verbs.put(Verb.READ, read);
        verbs.put(Verb.CREATE, create);
        verbs.put(Verb.UPDATE, update);
        verbs.put(Verb.DELETE, delete);
        return verbs;
    }
}
