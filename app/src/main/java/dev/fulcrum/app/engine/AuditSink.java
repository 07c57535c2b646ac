package dev.fulcrum.app.engine;

import dev.fulcrum.store.AuditEntry;

/**
 * Receives every audit entry once it is committed, for a copy outside the database (see
 * {@code auditLogFile}). The database's audit log is the record; a copy may miss the entries of a crash.
 */
public interface AuditSink {
    AuditSink NONE = entry -> { };

    void committed(AuditEntry entry);
}
