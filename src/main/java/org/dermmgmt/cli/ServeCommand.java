package org.dermmgmt.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dermmgmt.decide.AuditLog;
import org.dermmgmt.serve.CasePredictor;
import org.dermmgmt.serve.ImageLimits;
import org.dermmgmt.serve.PredictionService;
import org.dermmgmt.serve.ServeSettings;
import org.dermmgmt.serve.TrainedModelPredictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dermmgmt serve}: the HTTP prediction service and its web page over a trained run. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {"Serve a trained run over HTTP: the web page at /, POST /api/v1/predict, GET /api/v1/model,",
        "/health, /metrics and /openapi.json. Stops cleanly on SIGTERM (requests in flight finish)."})
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "RUN_DIR", description = "A trained run directory.")
  Path model;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}); any non-loopback one needs --api-key-file.")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0 = any free one).")
  int port;

  @Option(names = "--workers", defaultValue = "1",
      description = "Threads running predictions (default ${DEFAULT-VALUE}; libtorch already uses every core for one).")
  int workers;

  @Option(names = "--queue", defaultValue = "16",
      description = "Requests that may wait beyond those being predicted; more get 503 (default ${DEFAULT-VALUE}).")
  int queue;

  @Option(names = "--max-batch", defaultValue = "8",
      description = "Most concurrent requests predicted in one batch (default ${DEFAULT-VALUE}; 1 = no batching).")
  int maxBatch;

  @Option(names = "--batch-linger-ms", defaultValue = "0",
      description = "How long a worker waits for more requests to fill a batch (default ${DEFAULT-VALUE}: never).")
  long lingerMs;

  @Option(names = "--read-timeout-ms", defaultValue = "30000",
      description = "Longest a request body may take to arrive; 408 beyond (default ${DEFAULT-VALUE}).")
  long readTimeoutMs;

  @Option(names = "--api-key-file", paramLabel = "FILE",
      description = "File whose first line is the key; /api/* and /metrics then need 'Authorization: Bearer KEY'.")
  Path apiKeyFile;

  @Option(names = "--max-image-bytes", defaultValue = "20971520", description = "Largest image file (default ${DEFAULT-VALUE}).")
  long maxImageBytes;

  @Option(names = "--max-pixels", defaultValue = "16000000",
      description = "Largest width x height, checked from the header before decoding (default ${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(names = "--min-side", defaultValue = "32", description = "Smallest image width or height (default ${DEFAULT-VALUE}).")
  int minSide;

  @Option(names = "--no-explain", description = "Do not load the networks a second time for Grad-CAM (?explain=true then gets 400).")
  boolean noExplain;

  @picocli.CommandLine.Mixin PolicyOptions decision = new PolicyOptions();

  @picocli.CommandLine.Mixin QualityGateOption gate = new QualityGateOption();
  @picocli.CommandLine.Mixin PrecisionOption precision = new PrecisionOption();

  @Option(names = "--audit-log", paramLabel = "FILE",
      description = "Append one JSON line per prediction (model, policy, calibration, image sha256, outputs); rotated by size.")
  Path auditLog;

  @Override
  public Integer call() throws InterruptedException {
    precision.apply();
    decision.spec(); // refuse bad decision options before the model is loaded
    decision.referBelow();
    ServeSettings settings = ServeSettings.builder()
        .optHost(host).optPort(port).optWorkers(workers).optQueue(queue).optMaxBatch(maxBatch)
        .optLinger(Duration.ofMillis(lingerMs)).optReadTimeout(Duration.ofMillis(readTimeoutMs))
        .optLimits(new ImageLimits(maxImageBytes, maxPixels, minSide)).optApiKeyFile(apiKeyFile)
        .build();
    AuditLog audit = auditLog == null ? null : AuditLog.open(auditLog);
    CasePredictor predictor = TrainedModelPredictor.load(model, !noExplain,
        trained -> decision.layer(trained, model, gate.on()), audit);
    PredictionService service;
    try {
      service = PredictionService.start(predictor, settings);
    } catch (RuntimeException e) {
      predictor.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM / Ctrl-C: drain (new requests 503, those in flight finish), then exit.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "dermmgmt-shutdown"));
    stopped.await();
    return 0;
  }
}
