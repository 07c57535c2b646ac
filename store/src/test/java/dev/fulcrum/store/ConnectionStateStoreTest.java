package dev.fulcrum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Connections' lifecycle states: each start, stop or fail a new generation; a check's result only on its own. */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class ConnectionStateStoreTest {
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
    private final ConnectionStateStore states;

    ConnectionStateStoreTest(TestDatabase kind) {
        this.states = kind.shared().connectionStates();
    }

    @Test
    void each_transition_is_a_new_generation_that_keeps_the_last_check() {
        String name = TestDatabase.unique("druid");
        assertThat(states.find(name)).isEmpty();
        assertThat(states.transition(name, "STARTING", "starting"))
                .isEqualTo(new ConnectionState(name, "STARTING", 1, null, null, "starting"));
        assertThat(states.recordCheck(name, 1, "RUNNING", AT, 12L, "Connected")).isTrue();
        assertThat(states.transition(name, "STOPPED", "stopped by request"))
                .isEqualTo(new ConnectionState(name, "STOPPED", 2, AT, 12L, "stopped by request"));
        assertThat(states.all()).contains(states.find(name).orElseThrow());
    }

    @Test
    void a_check_of_an_older_generation_or_of_a_stopped_connection_changes_nothing() {
        String name = TestDatabase.unique("druid");
        states.transition(name, "STARTING", "starting");
        states.transition(name, "FAILED", "failed by request");
        assertThat(states.recordCheck(name, 1, "RUNNING", AT, 5L, "Connected")).isFalse();
        assertThat(states.find(name).orElseThrow().state()).isEqualTo("FAILED");
        states.transition(name, "STOPPED", "stopped by request");
        assertThat(states.recordCheck(name, 3, "RUNNING", AT, 5L, "Connected")).isFalse();
        assertThat(states.find(name).orElseThrow().state()).isEqualTo("STOPPED");
    }

    @Test
    void the_first_check_of_a_connection_without_a_state_stores_one_unless_a_start_came_first() {
        String checked = TestDatabase.unique("druid");
        assertThat(states.recordCheck(checked, 0, "FAILED", AT, null, "unreachable")).isTrue();
        assertThat(states.find(checked)).contains(new ConnectionState(checked, "FAILED", 0, AT, null, "unreachable"));

        String started = TestDatabase.unique("druid");
        states.transition(started, "STARTING", "starting");
        assertThat(states.recordCheck(started, 0, "RUNNING", AT, 1L, "Connected")).isFalse();
    }

    @Test
    void states_of_connections_that_are_no_documents_are_forgotten() {
        String name = TestDatabase.unique("gone");
        states.transition(name, "STOPPED", "stopped by request");
        states.forgetAllBut("connections");
        assertThat(states.find(name)).isEmpty();
    }
}
