package dev.fulcrum.app;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance suite, one nested class a concern, all on one server. A class that runs it extends this and
 * says what it runs against ({@link #start}): the server, its kinds, the kinds to walk, and how to start
 * another server like it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConformanceSuite {
    private KindConformance.Subject subject;

    /** Starts the server the suite runs against. */
    abstract KindConformance.Subject start();

    @BeforeAll
    void startTheServer() {
        subject = start();
    }

    @AfterAll
    void stopTheServer() {
        subject.server().close();
    }

    KindConformance.Subject subject() {
        return subject;
    }

    @Nested
    class Crud extends CrudConformance {
        @Override
        Subject subject() {
            return ConformanceSuite.this.subject();
        }
    }

    @Nested
    class Validation extends ValidationConformance {
        @Override
        Subject subject() {
            return ConformanceSuite.this.subject();
        }
    }

    @Nested
    class References extends ReferenceConformance {
        @Override
        Subject subject() {
            return ConformanceSuite.this.subject();
        }
    }

    @Nested
    class Secrets extends SecretConformance {
        @Override
        Subject subject() {
            return ConformanceSuite.this.subject();
        }
    }

    @Nested
    class Permissions extends PermissionConformance {
        @Override
        Subject subject() {
            return ConformanceSuite.this.subject();
        }
    }

    @Nested
    class HistoryAndAudit extends HistoryAuditConformance {
        @Override
        Subject subject() {
            return ConformanceSuite.this.subject();
        }
    }

    @Nested
    class ExportAndImport extends BundleConformance {
        @Override
        Subject subject() {
            return ConformanceSuite.this.subject();
        }
    }
}
