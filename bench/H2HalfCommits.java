import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.tx.Transaction;

/**
 * H2 2.5.252's half-done commits after a kill -9, with plain JDBC and nothing of Fulcrum. Six writers in a child
 * process each commit, again and again, an UPDATE of one row of {@code t} and the replacement of its five rows in
 * {@code f}; the child is killed with SIGKILL after a random moment; the file is opened again and checked: a
 * transaction H2 found committed in the file and left open, rows of {@code t} beside rows of {@code f} of another
 * transaction (a commit half applied), and whether a write of every row ends within 10 s. A file with a
 * transaction left open is kept as {@code crash-N.mv.db} in the working directory (LeftoverCommitsTest's file is
 * one). 2026-12-02, two runs of 100 kills: 3 left one (2 a write that never ended, 2 a commit half applied; the
 * first program, this file's source), then 5 (1 a write that never ended, 2 a commit half applied; this file).
 *
 * <pre>java -cp ~/.m2/repository/com/h2database/h2/2.5.252/h2-2.5.252.jar bench/H2HalfCommits.java 100</pre>
 */
public final class H2HalfCommits {
    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[0].equals("write")) {
            write("jdbc:h2:file:" + args[1] + ";WRITE_DELAY=0");
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path dir = Files.createTempDirectory("h2-half-commits");
        int left = 0;
        for (int run = 1; run <= runs; run++) {
            Files.deleteIfExists(dir.resolve("db.mv.db"));
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), System.getProperty("jdk.launcher.sourcefile"), "write",
                    dir.resolve("db").toString())
                    .redirectErrorStream(true).start();
            child.getInputStream().read(); // the child's "ready"
            Thread.sleep(100 + ThreadLocalRandom.current().nextInt(900));
            child.destroyForcibly(); // SIGKILL
            child.waitFor(10, TimeUnit.SECONDS);
            Path kept = dir.resolve("crash-" + run + ".mv.db");
            Files.copy(dir.resolve("db.mv.db"), kept, StandardCopyOption.REPLACE_EXISTING);
            String found = check("jdbc:h2:file:" + dir.resolve("db"));
            if (found.isEmpty()) {
                Files.delete(kept);
            } else {
                left++;
                Files.copy(kept, Path.of("crash-" + run + ".mv.db"), StandardCopyOption.REPLACE_EXISTING);
            }
            System.out.printf("run %d: %s%n", run, found.isEmpty() ? "nothing left open" : found);
        }
        System.out.printf("%d of %d kills left a commit open%n", left, runs);
        System.exit(0); // a spinning writer would keep the JVM alive
    }

    private static String check(String url) throws Exception {
        Connection connection = DriverManager.getConnection(url, "sa", "");
        SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        StringBuilder found = new StringBuilder();
        for (Transaction transaction : session.getDatabase().getStore().getTransactionStore().getOpenTransactions()) {
            if (transaction.getStatus() == Transaction.STATUS_COMMITTED) {
                found.append("left open: ").append(transaction).append("; ");
            }
        }
        if (found.isEmpty()) {
            connection.close();
            return "";
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(DISTINCT t.id) FROM t JOIN f ON f.doc = t.id"
                     + " WHERE f.v <> t.v || SUBSTRING(f.v, LENGTH(f.v))")) {
            rows.next();
            found.append(rows.getInt(1)).append(" commit(s) half applied; ");
        }
        Thread writer = new Thread(() -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCK_TIMEOUT 2000");
                statement.execute("UPDATE t SET v = 'after'");
                statement.execute("DELETE FROM f");
            } catch (SQLException e) {
                // a lock timeout would be an answer; the defect is no answer
            }
        });
        writer.setDaemon(true);
        writer.start();
        writer.join(10_000);
        found.append(writer.isAlive() ? "a write that never ends" : "writes end");
        try (Connection other = DriverManager.getConnection(url, "sa", "")) {
            other.createStatement().execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException closed) {
            // closed under us
        }
        return found.toString();
    }

    private static void write(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS t(id INT PRIMARY KEY, v VARCHAR)");
            statement.execute("CREATE TABLE IF NOT EXISTS f(id BIGINT AUTO_INCREMENT PRIMARY KEY, doc INT, v VARCHAR)");
            statement.execute("CREATE INDEX IF NOT EXISTS fdoc ON f(doc)");
            for (int i = 0; i < 50; i++) {
                statement.execute("MERGE INTO t VALUES (" + i + ", 'x')");
            }
        }
        System.out.println("ready");
        System.out.flush();
        for (int w = 0; w < 6; w++) {
            new Thread(() -> {
                try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
                    connection.setAutoCommit(false);
                    while (true) {
                        int doc = ThreadLocalRandom.current().nextInt(50);
                        String v = "v" + System.nanoTime() + "x".repeat(ThreadLocalRandom.current().nextInt(2000));
                        try (Statement statement = connection.createStatement()) {
                            statement.execute("UPDATE t SET v = '" + v + "' WHERE id = " + doc);
                            statement.execute("DELETE FROM f WHERE doc = " + doc);
                            for (int k = 0; k < 5; k++) {
                                statement.execute("INSERT INTO f(doc, v) VALUES (" + doc + ", '" + v + k + "')");
                            }
                            connection.commit();
                        } catch (SQLException e) {
                            connection.rollback();
                        }
                    }
                } catch (SQLException e) {
                    e.printStackTrace();
                }
            }).start();
        }
    }
}
