package dev.fulcrum.app;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The conformance suite over every kind of the registry ({@link ConformanceKinds#all}), on one server: each kind
 * supplies only its example ({@code ResourceStrategy.example}). To run the suite over other kinds (a test-only
 * kind, say), copy this class: start a server that serves them, give the {@link KindConformance.Subject} that
 * server, those kinds and how to start another server like it, and extend each concern in a nested class.
 */
class ConformanceTest {
    private static KindConformance.Subject subject;

    @BeforeAll
    static void start() {
        // no connection is ever probed: the examples name hosts that are not ours to reach
        subject = new KindConformance.Subject(TestServer.startWith(NO_PROBES), ConformanceKinds.all(),
                () -> TestServer.startWith(NO_PROBES));
    }

    @AfterAll
    static void stop() {
        subject.server().close();
    }

    static final String NO_PROBES = "allowConnectionTests: false\n";

    @Nested
    class Crud extends CrudConformance {
        @Override
        Subject subject() {
            return subject;
        }
    }

    @Nested
    class Validation extends ValidationConformance {
        @Override
        Subject subject() {
            return subject;
        }
    }

    @Nested
    class References extends ReferenceConformance {
        @Override
        Subject subject() {
            return subject;
        }
    }

    @Nested
    class Secrets extends SecretConformance {
        @Override
        Subject subject() {
            return subject;
        }
    }

    @Nested
    class Permissions extends PermissionConformance {
        @Override
        Subject subject() {
            return subject;
        }
    }

    @Nested
    class HistoryAndAudit extends HistoryAuditConformance {
        @Override
        Subject subject() {
            return subject;
        }
    }

    @Nested
    class ExportAndImport extends BundleConformance {
        @Override
        Subject subject() {
            return subject;
        }
    }
}
