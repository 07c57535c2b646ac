package dev.fulcrum.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events client of a watch stream, as a browser's EventSource reads one: each event (its id, event name
 * and data lines), and each comment line, in the order they came; {@link #ended} once the server closed the stream.
 */
final class WatchClient implements AutoCloseable {
    /** An event, or a comment ({@code comment} set, the rest null). */
    record Event(String id, String event, String data, String comment) {
        JsonNode json() {
            return Jsons.parse(data);
        }
    }

    final int status;
    final String contentType;
    private final InputStream body;
    private final BlockingQueue<Event> received = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    private WatchClient(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.body = response.body();
        Thread reader = new Thread(this::read, "watch-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code path} with the token, and a Last-Event-ID header unless null; returns once the headers came. */
    static WatchClient open(int port, String path, String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("x-imply-api-token", token).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new WatchClient(HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new AssertionError("the watch request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static WatchClient open(TestServer server, String path) {
        return open(server.port(), path, server.token, null);
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        received.add(new Event(id, event, data.toString(), null));
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    received.add(new Event(null, null, null, line.substring(1).strip()));
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
        } catch (IOException closed) {
            // the stream ended
        } finally {
            ended.countDown();
        }
    }

    /** The next event that is not a comment, within {@code seconds}; fails the test otherwise. */
    Event next(long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Event event = nextAny(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS, seconds);
            if (event.comment() == null) {
                return event;
            }
        }
    }

    /** The next event or comment, within {@code seconds}; fails the test otherwise. */
    Event nextAny(long seconds) {
        return nextAny(TimeUnit.SECONDS.toNanos(seconds), TimeUnit.NANOSECONDS, seconds);
    }

    private Event nextAny(long wait, TimeUnit unit, long seconds) {
        try {
            Event event = received.poll(wait, unit);
            if (event == null) {
                throw new AssertionError("no event within " + seconds + " s");
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next {@code count} events that are not comments, each within {@code seconds}. */
    List<Event> next(int count, long seconds) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(next(seconds));
        }
        return events;
    }

    /** The next comment line, within {@code seconds}; events before it are dropped. */
    String nextComment(long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            while (true) {
                Event event = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (event == null) {
                    throw new AssertionError("no comment within " + seconds + " s");
                }
                if (event.comment() != null) {
                    return event.comment();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Whether the server ended the stream within {@code timeout}. */
    boolean ended(Duration timeout) {
        try {
            return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Every event (not comment) received and not taken yet. */
    List<Event> rest() {
        List<Event> events = new ArrayList<>();
        for (Event event : received) {
            if (event.comment() == null) {
                events.add(event);
            }
        }
        received.clear();
        return events;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
