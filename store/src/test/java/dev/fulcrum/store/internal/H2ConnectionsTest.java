package dev.fulcrum.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only a wait on another process is cut short, never this process's own opening of the file (a large database's
 * recovery may take long). Every session of an AUTO_SERVER URL starts as a remote one that first opens the file here,
 * so its frames sit under a local opening too; the first version counted that as a wait. The other side, a command
 * waiting on a stopped server, is CliTest's.
 */
class H2ConnectionsTest {
    @TempDir
    Path dir;

    @Test
    void the_stacks_of_a_real_local_opening_are_not_a_wait_on_another_process() throws Exception {
        List<StackTraceElement[]> opening = new ArrayList<>();
        for (int round = 0; round < 200 && opening.size() < 20; round++) {
            String url = "jdbc:h2:file:" + dir.resolve("db" + round) + ";AUTO_SERVER=TRUE";
            Thread opener = new Thread(() -> {
                try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
                    connection.createStatement().execute("CREATE TABLE t (id INT)");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            opener.start();
            while (opener.isAlive()) {
                StackTraceElement[] stack = opener.getStackTrace();
                if (Arrays.stream(stack).anyMatch(frame -> frame.getClassName().equals("org.h2.engine.Engine"))) {
                    opening.add(stack);
                }
            }
        }
        assertThat(opening).as("stacks sampled while H2 opened a file in this process").isNotEmpty();
        assertThat(opening).as("they have a remote session's frames below the local opening")
                .anyMatch(stack -> Arrays.stream(stack).anyMatch(frame -> frame.getClassName().equals("org.h2.engine.SessionRemote")));
        assertThat(opening).noneMatch(H2Connections::waitingOnOtherProcess);
    }

    /** The operator's own admin login (stateStore.user and password) opens the database with no admin session of ours. */
    @Test
    void the_page_cache_is_sized_for_this_heap_with_the_operators_own_admin_login() throws Exception {
        try (H2Access.Logins logins = H2Access.prepare(dir.resolve("own/state"), "sa", "");
             Connection connection = new H2SettingsFirst(logins).getConnection();
             var rows = connection.createStatement().executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'CACHE_SIZE'")) {
            long cacheKb = rows.next() ? Long.parseLong(rows.getString(1)) : 16 * 1024; // no row: H2's default
            assertThat(cacheKb)
                    .isEqualTo(Math.min(256 * 1024, Runtime.getRuntime().maxMemory() / 4 / 1024));
        }
    }
}
