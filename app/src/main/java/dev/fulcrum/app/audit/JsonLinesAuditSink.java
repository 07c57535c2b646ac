package dev.fulcrum.app.audit;

import dev.fulcrum.app.engine.AuditSink;
import dev.fulcrum.store.AuditEntry;
import dev.fulcrum.store.OwnerOnlyFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends every committed audit entry to a file, one JSON object per line, for log shippers. A failure to
 * write is logged, never turned into a failed request: the change is committed and the database has its record.
 */
public final class JsonLinesAuditSink implements AuditSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesAuditSink.class);
    private final Writer out;

    public JsonLinesAuditSink(Path file) {
        try {
            // owner-only (0600, in a 0700 directory if it makes one): the entries name users, tokens and changes
            this.out = new BufferedWriter(new OutputStreamWriter(OwnerOnlyFiles.append(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log file " + file, e);
        }
    }

    @Override
    public synchronized void committed(AuditEntry entry) {
        try {
            out.write(AuditJson.of(entry).toString());
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            LOG.error("could not append to the audit log file: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("could not close the audit log file: {}", e.getMessage());
        }
    }
}
