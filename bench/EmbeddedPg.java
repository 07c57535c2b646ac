import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts a PostgreSQL for bench/run.sh (STORE=pg): the same embedded PostgreSQL the tests use, from Maven
 * Central, so the benchmark needs nothing installed. Prints "port N" and runs until it is killed.
 */
public class EmbeddedPg {
    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "100").start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception ignored) {
                // going away
            }
        }));
        System.out.println("port " + postgres.getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
