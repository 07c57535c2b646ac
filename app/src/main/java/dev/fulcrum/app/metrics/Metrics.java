package dev.fulcrum.app.metrics;

import dev.fulcrum.app.audit.AuditQueue;
import dev.fulcrum.app.connections.ConnectionMonitor;
import dev.fulcrum.model.kinds.Passwords;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The server's meters in Micrometer's Prometheus registry, made only when {@code metrics.enabled}: the JVM's and the
 * process's (Micrometer's binders), the requests' ({@link #requests}), the state pool's (HikariCP's own binding, given
 * {@link #registry}) and the server's own gauges ({@link #watch}), which are read when scraped, never on a request.
 */
public final class Metrics implements AutoCloseable {
    /** What {@link #scrape} answers: Prometheus' text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final HttpMeters requests = new HttpMeters(registry);

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        Gauge.builder("fulcrum.password.hashes.in.flight", Passwords::hashesInFlight)
                .description("Argon2id hashes being made or checked now (at most two per core)").register(registry);
        Gauge.builder("fulcrum.password.hashes.waiting", Passwords::hashesWaiting)
                .description("Argon2id hashes waiting for a free slot now").register(registry);
    }

    /** The registry, for the meters a library binds itself (the state database's pool). */
    public MeterRegistry registry() {
        return registry;
    }

    /** The meters of the request path. */
    public RequestMeters requests() {
        return requests;
    }

    /** Gauges of the audit queue and of the connections' states ({@code monitor} null: connection tests are off). */
    public void watch(AuditQueue auditQueue, ConnectionMonitor monitor) {
        Gauge.builder("fulcrum.audit.queue.depth", auditQueue, AuditQueue::depth)
                .description("Audit entries waiting to be written").strongReference(true).register(registry);
        FunctionCounter.builder("fulcrum.audit.dropped", auditQueue, AuditQueue::droppedTotal)
                .description("Requests not recorded in the audit log: the queue was full or the database refused them")
                .register(registry);
        if (monitor != null) {
            for (ConnectionMonitor.State state : ConnectionMonitor.State.values()) {
                Gauge.builder("fulcrum.connections", monitor, known -> known.count(state)).tag("state", state.name())
                        .description("Connections in each monitor state").register(registry);
            }
        }
    }

    /** Every meter now, in Prometheus' text format ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
