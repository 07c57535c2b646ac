package dev.fulcrum.store;

import java.util.List;

/** The audit log. Changes are recorded by {@link DocumentTransaction#audit}, in their own transaction. */
public interface AuditStore {

    /** Records requests that changed nothing, such as refused ones, in one transaction; answers their ids. */
    List<Long> appendAll(List<AuditEntry> entries);

    /** The entries {@code query} selects, newest first. */
    List<AuditEntry> query(AuditQuery query);
}
