package dev.fulcrum.app;

/**
 * The conformance suite over every kind of the registry ({@link ConformanceKinds#all}), on one server: each kind
 * supplies only its example ({@code ResourceStrategy.example}). {@link ConformanceOfFoldersTest} runs it over a
 * test-only kind the same way.
 */
class ConformanceTest extends ConformanceSuite {
    /** No connection is ever probed: the examples name hosts that are not ours to reach. */
    static final String NO_PROBES = "allowConnectionTests: false\n";

    @Override
    KindConformance.Subject start() {
        return new KindConformance.Subject(TestServer.startWith(NO_PROBES), ConformanceKinds.registry(),
                ConformanceKinds.all(), () -> TestServer.startWith(NO_PROBES));
    }
}
