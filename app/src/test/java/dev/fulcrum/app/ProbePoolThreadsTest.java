package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The probes of one connection test share the server's bounded pool. Alone: it counts the JVM's probe threads, and
 * another class's server probing beside it would be counted too.
 */
@Isolated
class ProbePoolThreadsTest {
    @Test
    void one_request_with_sixteen_hosts_uses_the_shared_pool_and_no_more_threads() throws Exception {
        try (TestServer pooled = TestServer.startWith("connectionTestTimeoutMillis: 1000\nconnectionTests:\n  maxParallelProbes: 2\n");
             FakeListener silent = FakeListener.silent()) {
            long before = probeThreads();
            Response response = ConnectionProbeLimitsTest.testUnsaved(pooled, ConnectionProbeLimitsTest.druid(Collections.nCopies(16, silent.host()).toArray(String[]::new)));
            assertThat(response.jsonPath().getList("hosts.error", String.class)).hasSize(16)
                    .allMatch(error -> error.equals("unreachable") || error.equals("not tested: too many probes running"));
            assertThat(probeThreads() - before).isLessThanOrEqualTo(2);
            assertThat(silent.connections.get()).as("only the pool's two threads ever connected").isLessThanOrEqualTo(2);
        }
    }

    private static long probeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().startsWith("connection-probe"))
                .count();
    }
}
