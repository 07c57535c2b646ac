package dev.fulcrum.store;

/**
 * A document whose row and history disagree, which a database written before writes locked their document (issue
 * 11) may hold: the newest version its history records, what that entry was, and the row's version (0 when there
 * is no row).
 *
 * @param newestChange {@code create}, {@code update} or {@code delete}
 */
public record Divergence(String resource, String name, long newestVersion, String newestChange, long documentVersion) {
}
