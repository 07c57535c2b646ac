package dev.fulcrum.app.metrics;

import dev.fulcrum.app.http.HttpMethods;
import dev.fulcrum.model.UnauthorizedException.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The request path's meters: one timer per method, route template and status, made once and then found by one map
 * lookup per request, and a counter per refusal reason. Every label comes from a bounded set (the routes, the
 * standard methods, the statuses the server answers), so no request can add series of its own.
 */
final class HttpMeters implements RequestMeters {

    private record Key(String method, String route, int status) {
    }

    private final MeterRegistry registry;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
    private final Map<Reason, Counter> refusals = new EnumMap<>(Reason.class);

    HttpMeters(MeterRegistry registry) {
        this.registry = registry;
        for (Reason reason : Reason.values()) { // all at once: a scrape shows every reason, and no map changes later
            refusals.put(reason, Counter.builder("fulcrum.token.refusals")
                    .description("Requests refused with a 401 for their API token, by reason")
                    .tag("reason", reason.label()).register(registry));
        }
    }

    @Override
    public void request(String method, String route, int status, long nanos) {
        Key key = new Key(HttpMethods.named(method), route, status);
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, this::timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(Key key) {
        return Timer.builder("http.server.requests")
                .description("HTTP requests answered, by method, route template and status")
                .tag("method", key.method()).tag("route", key.route()).tag("status", String.valueOf(key.status()))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    @Override
    public void tokenRefused(Reason reason) {
        refusals.get(reason).increment();
    }
}
