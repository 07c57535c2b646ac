import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * H2's lost update, with plain JDBC and nothing of Fulcrum: threads increment one row (and append to its text) with
 * optimistic updates ({@code UPDATE ... WHERE v = ?}, no {@code FOR UPDATE}) and a short lock timeout, rolling back after a lost race,
 * a timeout, or (one time in four) after just reading. Every commit is counted; in the end the row must hold that
 * count. On H2 2.5.252, each run a fresh launch, 4 of about 210 launches of the program this was cleaned from ended
 * with the row lower than the commits (by 39, 79, 72 and 8; 2026-12-01 08:55-09:20 UTC): a rollback put back a row
 * older than a committed update. Later launches, of that program and of this file, 0 of 330: the defect is rare and
 * bound to timing; runs inside one warmed-up JVM never showed it (0 of 80). Fulcrum locks a document before it reads
 * it, commits instead of rolling back a write that wrote nothing, and restores a row behind its history from the
 * history (README, "What a 200 guarantees").
 *
 * <pre>for i in $(seq 100); do java -cp ~/.m2/repository/com/h2database/h2/2.5.252/h2-2.5.252.jar bench/H2LostUpdate.java; done</pre>
 */
public final class H2LostUpdate {
    private static final int THREADS = 16;
    private static final int PER_THREAD = 100;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int lost = 0;
        for (int run = 1; run <= runs; run++) {
            Path dir = Files.createTempDirectory("h2-lost-update");
            int[] result = run("jdbc:h2:" + dir.resolve("db") + ";LOCK_TIMEOUT=5");
            boolean short_ = result[0] != result[1];
            lost += short_ ? 1 : 0;
            System.out.printf("run %d: %d commits, row at %d%s%n", run, result[1], result[0], short_ ? "  LOST UPDATES" : "");
        }
        System.out.printf("%d of %d runs lost committed updates%n", lost, runs);
    }

    private static int[] run(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("CREATE TABLE t (id INT PRIMARY KEY, v INT, body VARCHAR)");
            c.createStatement().execute("INSERT INTO t VALUES (1, 0, '')");
        }
        AtomicInteger commits = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int tt = t;
            Random random = new Random(t);
            Thread thread = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                    c.setAutoCommit(false);
                    for (int done = 0; done < PER_THREAD; ) {
                        String tag = "," + tt + "." + done;
                        try {
                            PreparedStatement read = c.prepareStatement("SELECT v, body FROM t WHERE id = 1");
                            ResultSet r = read.executeQuery();
                            r.next();
                            int v = r.getInt(1);
                            String body = r.getString(2);
                            if (random.nextInt(100) < 25) {
                                c.rollback();
                                continue;
                            }
                            PreparedStatement update = c.prepareStatement("UPDATE t SET v = ?, body = ? WHERE id = 1 AND v = ?");
                            update.setInt(1, v + 1);
                            update.setString(2, body + tag); // a row that grows, read and written whole, as a document is
                            update.setInt(3, v);
                            if (update.executeUpdate() == 0) {
                                c.rollback();
                                continue;
                            }
                            c.commit();
                            commits.incrementAndGet();
                            done++;
                        } catch (SQLException timeout) {
                            c.rollback();
                        }
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            ResultSet r = c.createStatement().executeQuery("SELECT v FROM t WHERE id = 1");
            r.next();
            return new int[] {r.getInt(1), commits.get()};
        }
    }
}
