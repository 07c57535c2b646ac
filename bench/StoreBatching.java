import dev.fulcrum.store.Actor;
import dev.fulcrum.store.AuditEntry;
import dev.fulcrum.store.Database;
import dev.fulcrum.store.DocumentKey;
import dev.fulcrum.store.DocumentStore;
import dev.fulcrum.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Would a group commit make creates cheap? The store alone (no HTTP) on a fresh H2 database, creating data cubes as the
 * server does (the referenced connection locked, the name looked up, the document, its reference, two field values
 * and the audit entry written): THREADS writers, each putting PER_TX creates in one transaction. PER_TX=1 is what the
 * server does; more is the most a group commit of that many writes could gain (one commit, one chunk of H2's file
 * and one pool checkout for all of them, no savepoints counted). Prints creates a second over SECONDS after a 5 s
 * warm-up. Usage, after `mvn -DskipTests package`:
 *   java -Xmx1g -XX:+UseSerialGC -Dfulcrum.logLevel=WARN -cp app/target/fulcrum.jar bench/StoreBatching.java 16 1 10
 */
public class StoreBatching {
    private static final String BODY = "{\"name\":\"%s\",\"title\":\"Cube %s\",\"connection\":\"c1\","
            + "\"source\":\"wikipedia\","
            + "\"dimensions\":[{\"name\":\"d1\",\"formula\":\"$d1\"},{\"name\":\"d2\",\"formula\":\"$d2\"},"
            + "{\"name\":\"d3\",\"formula\":\"$d3\"}],\"measures\":[{\"name\":\"m1\",\"formula\":\"$main.sum($m1)\"},"
            + "{\"name\":\"m2\",\"formula\":\"$main.count()\"}]}";

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int perTransaction = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("store-batching");
        Database db = Database.open(new StoreConfig("h2", dir.resolve("state").toString(), null, null,
                Duration.ofSeconds(10)));
        DocumentStore store = db.documents();
        store.inTransaction(tx -> tx.insert("connections", "c1", "{\"name\":\"c1\",\"type\":\"druid\"}", null));
        Actor actor = new Actor("bench", null, 1L);
        AtomicLong created = new AtomicLong();
        AtomicLong names = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread writer = new Thread(() -> {
                while (!stop.get()) {
                    store.inTransaction(actor, tx -> {
                        for (int i = 0; i < perTransaction; i++) {
                            String name = "dc-" + names.incrementAndGet();
                            tx.lockIfExists("connections", "c1");
                            tx.findCurrent("data-cubes", name);
                            tx.insert("data-cubes", name, String.format(BODY, name, name), null);
                            tx.replaceReferences("data-cubes", name, List.of(new DocumentKey("connections", "c1")));
                            tx.replaceFieldValues("data-cubes", name,
                                    Map.of("connection", "c1", "title", "Cube " + name));
                            tx.audit(new AuditEntry(0, Instant.now(), actor, "127.0.0.1", "POST", "/api/v1/data-cubes",
                                    "data-cubes", name, 201, List.of(), "r-" + name), false);
                        }
                        return null;
                    });
                    created.addAndGet(perTransaction);
                }
            });
            writers.add(writer);
            writer.start();
        }
        Thread.sleep(5_000);
        long before = created.get();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1_000L);
        double rate = (created.get() - before) / ((System.nanoTime() - start) / 1e9);
        stop.set(true);
        for (Thread writer : writers) {
            writer.join();
        }
        db.close();
        System.out.printf("threads %d, creates per transaction %d: %.0f creates/s%n", threads, perTransaction, rate);
    }
}
