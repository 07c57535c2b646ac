package dev.fulcrum.app;

import java.util.List;

/**
 * The whole conformance suite over the test-only tenth kind ({@link FolderStrategy}), served beside the standard
 * ones: a new kind passes everything with its strategy file and its registry line alone.
 */
class ConformanceOfFoldersTest extends ConformanceSuite {

    @Override
    KindConformance.Subject start() {
        return new KindConformance.Subject(serve(), FolderStrategy.REGISTRY, List.of(FolderStrategy.FOLDERS),
                ConformanceOfFoldersTest::serve);
    }

    private static TestServer serve() {
        return TestServer.serving(FolderStrategy.REGISTRY, ConformanceTest.NO_PROBES);
    }
}
