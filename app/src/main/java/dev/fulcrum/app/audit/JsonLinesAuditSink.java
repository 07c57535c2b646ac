package dev.fulcrum.app.audit;

import dev.fulcrum.app.engine.AuditSink;
import dev.fulcrum.store.AuditEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
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
