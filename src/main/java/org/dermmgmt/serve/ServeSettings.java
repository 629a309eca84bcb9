package org.dermmgmt.serve;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import org.dermmgmt.UserInputException;

/**
 * How the service listens, queues and limits requests. Built with {@link #builder()}; every option
 * has a default, so {@code builder().build()} is a loopback service on port 8080.
 *
 * @param workers threads that run predictions, each on a batch of requests
 * @param queue requests that may wait (or upload) beyond those being predicted; more get 503
 * @param maxBatch most requests predicted in one batch
 * @param linger how long a worker waits for more requests to fill a batch (0: never waits)
 * @param readTimeout longest a request body may take to arrive (408 beyond)
 * @param drainTimeout longest shutdown waits for requests in flight
 * @param overlayMaxSide largest side of a heat-map overlay PNG
 * @param apiKeyFile file whose first line is the key clients must send, or null for none
 */
public record ServeSettings(
    String host,
    int port,
    int workers,
    int queue,
    int maxBatch,
    Duration linger,
    Duration readTimeout,
    Duration drainTimeout,
    ImageLimits limits,
    int overlayMaxSide,
    Path apiKeyFile) {

  public static Builder builder() {
    return new Builder();
  }

  /** Requests admitted at once: those a full batch per worker holds, plus the queue. */
  public int capacity() {
    return workers * maxBatch + queue;
  }

  /** Whether {@link #host} is a loopback address (reachable from this machine only). */
  public boolean loopback() {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new UserInputException("--host " + host + ": unknown host");
    }
  }

  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8080;
    private int workers = 1;
    private int queue = 16;
    private int maxBatch = 8;
    private Duration linger = Duration.ZERO;
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration drainTimeout = Duration.ofSeconds(30);
    private ImageLimits limits = ImageLimits.DEFAULT;
    private int overlayMaxSide = 1024;
    private Path apiKeyFile;

    private Builder() {}

    public Builder optHost(String v) { host = v; return this; }
    public Builder optPort(int v) { port = v; return this; }
    public Builder optWorkers(int v) { workers = v; return this; }
    public Builder optQueue(int v) { queue = v; return this; }
    public Builder optMaxBatch(int v) { maxBatch = v; return this; }
    public Builder optLinger(Duration v) { linger = v; return this; }
    public Builder optReadTimeout(Duration v) { readTimeout = v; return this; }
    public Builder optDrainTimeout(Duration v) { drainTimeout = v; return this; }
    public Builder optLimits(ImageLimits v) { limits = v; return this; }
    public Builder optOverlayMaxSide(int v) { overlayMaxSide = v; return this; }
    public Builder optApiKeyFile(Path v) { apiKeyFile = v; return this; }

    public ServeSettings build() {
      if (port < 0 || port > 65535) {
        throw new UserInputException("--port must be in 0..65535 (0: any free port), got " + port);
      }
      if (workers < 1 || maxBatch < 1 || queue < 0) {
        throw new UserInputException("--workers and --max-batch must be >= 1 and --queue >= 0, got "
            + workers + ", " + maxBatch + ", " + queue);
      }
      if (linger.isNegative() || readTimeout.isNegative() || readTimeout.isZero() || drainTimeout.isNegative()) {
        throw new UserInputException("--batch-linger-ms must be >= 0 and --read-timeout-ms > 0");
      }
      if (overlayMaxSide < 16) {
        throw new UserInputException("overlay side must be >= 16, got " + overlayMaxSide);
      }
      return new ServeSettings(host, port, workers, queue, maxBatch, linger, readTimeout, drainTimeout,
          limits, overlayMaxSide, apiKeyFile);
    }
  }
}
