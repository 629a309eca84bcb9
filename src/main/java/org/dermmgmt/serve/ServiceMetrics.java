package org.dermmgmt.serve;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The service's metrics in Prometheus text format through Micrometer: requests by method, route
 * and status with a latency histogram, the queue depth and requests in flight, and the sizes of
 * the batches the workers ran; and the process's: JVM memory, GC, threads, CPU, uptime and the
 * resident set size. Heap and resident size side by side tell a growing Java heap (bounded by
 * -Xmx, collected) from native memory that libtorch or the allocator keeps.
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
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    if (Files.isReadable(STATUS)) {
      Gauge.builder("process.resident.memory", ServiceMetrics::residentBytes).baseUnit("bytes")
          .description("resident set size of the service's process (Linux /proc/self/status VmRSS)").register(registry);
    }
  }

  private static final Path STATUS = Path.of("/proc/self/status");

  /** VmRSS of /proc/self/status, which Linux gives in kB whatever its page size. */
  private static double residentBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or /proc unreadable: the gauge reads NaN
    }
    return Double.NaN;
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
