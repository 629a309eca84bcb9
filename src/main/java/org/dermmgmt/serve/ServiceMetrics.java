package org.dermmgmt.serve;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The service's metrics in Prometheus text format through Micrometer: requests by method, route
 * and status with a latency histogram, the queue depth and requests in flight, and the sizes of
 * the batches the workers ran.
 */
final class ServiceMetrics {
  /** What Prometheus servers expect from a text-format scrape. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DistributionSummary batchSizes;

  ServiceMetrics(Supplier<Number> queueDepth, Supplier<Number> inFlight) {
    Gauge.builder("dermmgmt.queue.depth", queueDepth).description("requests waiting for a worker").register(registry);
    Gauge.builder("dermmgmt.requests.in.flight", inFlight)
        .description("predict requests admitted and not yet answered").register(registry);
    batchSizes = DistributionSummary.builder("dermmgmt.batch.size")
        .description("requests predicted together in one batch")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32).register(registry);
  }

  void request(String method, String route, int status, Duration took) {
    Timer.builder("dermmgmt.http.requests")
        .description("HTTP requests by method, route and status")
        .tags("method", method, "route", route, "status", String.valueOf(status))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)
        .record(took);
  }

  void batch(int size) {
    batchSizes.record(size);
  }

  String scrape() {
    return registry.scrape();
  }
}
