package org.dermmgmt.serve;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.dermmgmt.UserInputException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dermmgmt serve}: the HTTP service over one {@link CasePredictor}. Routes: the page at
 * {@code /}, {@code POST /api/v1/predict}, {@code GET /api/v1/model}, {@code GET /health},
 * {@code GET /metrics} and {@code GET /openapi.json}. Closing it drains: new requests get 503
 * while those in flight finish (up to the drain timeout), then the server and the model close.
 */
public final class PredictionService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PredictionService.class);
  static final String OPENAPI = "/serve/openapi.json";

  private final CasePredictor predictor;
  private final ModelCard card;
  private final ServeSettings settings;
  private final ApiKey apiKey;
  private final Semaphore admission;
  private final MicroBatcher batcher;
  private final ServiceMetrics metrics;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Requests between the first handler and the written response (what a shutdown waits for). */
  private final AtomicInteger active = new AtomicInteger();
  private final Javalin app;
  private String url;

  private PredictionService(CasePredictor predictor, ServeSettings settings) {
    this.predictor = predictor;
    this.card = predictor.card();
    this.settings = settings;
    this.apiKey = settings.apiKeyFile() == null ? null : ApiKey.read(settings.apiKeyFile());
    if (apiKey == null && !settings.loopback()) {
      throw new UserInputException("--host " + settings.host() + " is reachable from other machines: give "
          + "--api-key-file F so that requests need 'Authorization: Bearer KEY'");
    }
    this.admission = new Semaphore(settings.capacity());
    this.metrics = new ServiceMetrics(this::queueDepth, () -> settings.capacity() - admission.availablePermits());
    this.batcher = new MicroBatcher(predictor, settings.workers(), settings.maxBatch(), settings.linger(),
        settings.capacity(), metrics::batch);
    // ImageIO would otherwise cache image streams in temporary files: uploads stay in memory.
    ImageIO.setUseCache(false);
    this.app = Javalin.create(this::configure);
  }

  /** Starts serving; the predictor belongs to the service from here on (closed with it). */
  public static PredictionService start(CasePredictor predictor, ServeSettings settings) {
    PredictionService service = new PredictionService(predictor, settings);
    try {
      service.warmUp();
    } catch (RuntimeException e) {
      service.batcher.close();
      throw e;
    }
    try {
      service.app.start();
      service.url = "http://" + (settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host())
          + ":" + service.app.port();
    } catch (RuntimeException e) {
      service.batcher.close();
      throw new UserInputException("cannot listen on " + settings.host() + ":" + settings.port() + ": "
          + e.getMessage(), e);
    }
    if (!settings.loopback()) {
      LOG.warn("listening on {}, which other machines can reach; requests need the API key", settings.host());
    }
    LOG.info("serving {} model={} config_sha256={} task={} inputs={} members={} precision={} workers={} max_batch={} queue={} api_key={}",
        service.url(), service.card.name(), service.card.configSha256(), service.card.task(), service.card.inputs(),
        service.card.members(), service.card.precision(), settings.workers(), settings.maxBatch(), settings.queue(),
        service.apiKey == null ? "off" : "required");
    return service;
  }

  private void configure(JavalinConfig config) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    // Our own count of requests in flight ends when Javalin has handed a response to Jetty, which
    // may not have sent it yet: Jetty's graceful stop waits for those bytes before closing a
    // connection (without it a loaded machine could cut an answer that close() had waited for).
    config.jetty.modifyServer(server -> {
      server.setStopTimeout(settings.drainTimeout().toMillis());
      server.insertHandler(new GracefulHandler());
    });
    config.jetty.addConnector((server, http) -> {
      http.setSendServerVersion(false);
      ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
      connector.setHost(settings.host());
      connector.setPort(settings.port());
      // A body that stops arriving fails its read after this long (BodyReader then answers 408).
      connector.setIdleTimeout(settings.readTimeout().toMillis());
      return connector;
    });
    config.staticFiles.add(files -> {
      files.hostedPath = "/";
      files.directory = "/serve/web";
      files.location = Location.CLASSPATH;
    });
    // Javalin calls the request logger once the response is written: the end of every request.
    config.requestLogger.http((ctx, ms) -> {
      active.decrementAndGet();
      metrics.request(ctx.method().name(), route(ctx), ctx.statusCode(), Duration.ofNanos((long) (ms * 1e6)));
    });
    config.routes.before(this::guard);
    config.routes.get("/health", this::health);
    config.routes.get("/metrics", ctx -> ctx.contentType(ServiceMetrics.CONTENT_TYPE).result(metrics.scrape()));
    config.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi()));
    config.routes.get("/api/v1/model", ctx -> ctx.contentType("application/json").result(Json.bytes(modelDocument())));
    config.routes.post("/api/v1/predict", new PredictHandler(card, settings, batcher, admission));
    ErrorResponses.register(config.routes);
  }

  /** Drain and key checks, before every route. /health, the page and the API description stay open. */
  private void guard(Context ctx) {
    active.incrementAndGet();
    if (draining.get()) {
      throw ApiError.unavailable("the service is shutting down", 5);
    }
    String path = ctx.path();
    boolean open = path.equals("/health") || path.equals("/openapi.json") || !(path.startsWith("/api/") || path.equals("/metrics"));
    if (apiKey != null && !open && !apiKey.accepts(ctx.header("Authorization"))) {
      throw new ApiError(401, "Authorization", "missing or wrong API key: send 'Authorization: Bearer KEY'");
    }
  }

  private void health(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ok");
    body.put("modelLoaded", true);
    body.put("model", card.name());
    body.put("configSha256", card.configSha256());
    body.put("queueDepth", queueDepth());
    body.put("inFlight", settings.capacity() - admission.availablePermits());
    ctx.contentType("application/json").result(Json.bytes(body));
  }

  private Map<String, Object> modelDocument() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", card);
    ImageLimits l = settings.limits();
    body.put("images", Map.of(
        "formats", List.of("image/jpeg", "image/png"),
        "maxBytes", l.maxBytes(), "maxPixels", l.maxPixels(), "minSide", l.minSide(),
        "maxRequestBytes", l.maxRequestBytes()));
    body.put("fields", Map.of(
        "clinic", card.usesClinic() ? "required" : "ignored",
        "derm", card.usesDerm() ? "required" : "ignored",
        "metadata", card.usesMeta() ? "required" : "ignored"));
    body.put("authRequired", apiKey != null);
    body.put("notice", PredictResponse.NOTICE);
    return body;
  }

  private static byte[] openApi() {
    try (InputStream in = PredictionService.class.getResourceAsStream(OPENAPI)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The route a request matched, for metrics: its path pattern, or "static" / "unmatched". */
  private static String route(Context ctx) {
    try {
      String path = ctx.endpoint().path;
      return path.equals("*") ? (ctx.statusCode() == 404 ? "unmatched" : "static") : path;
    } catch (RuntimeException e) {
      return ctx.statusCode() == 404 ? "unmatched" : "static";
    }
  }

  private int queueDepth() {
    return batcher.depth();
  }

  public int port() {
    return app.port();
  }

  /** The address it listens on, e.g. http://127.0.0.1:8080. */
  public String url() {
    return url;
  }

  /**
   * One prediction on each worker before listening: libtorch's first forward is several times
   * slower than the next ones, and a model that cannot predict should fail here rather than on a
   * user's request.
   */
  private void warmUp() {
    java.awt.image.BufferedImage grey = new java.awt.image.BufferedImage(
        2 * card.imageSize(), 2 * card.imageSize(), java.awt.image.BufferedImage.TYPE_INT_RGB);
    Map<String, List<String>> meta = card.metadata();
    org.dermmgmt.data.image.RgbImage decoded = org.dermmgmt.data.image.RgbImage.of(grey);
    batcher.warmUp(new CaseRequest(decoded, decoded,
        meta.isEmpty() ? null : meta.get("sex").get(0),
        meta.isEmpty() ? null : meta.get("location").get(0),
        meta.isEmpty() ? null : meta.get("elevation").get(0), card.explainable(), png(grey), png(grey)));
  }

  private static byte[] png(java.awt.image.BufferedImage image) {
    try (java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
      javax.imageio.ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public ModelCard card() {
    return card;
  }

  /** The routes the server really has (method and path), for checking the OpenAPI file. */
  public List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .filter(e -> !e.endpoint.method.name().startsWith("BEFORE") && !e.endpoint.method.name().startsWith("AFTER"))
        .map(e -> e.endpoint.method.name() + " " + e.endpoint.path).sorted().toList();
  }

  /** Stops taking requests (503), lets those in flight finish, then stops the server and the model. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    draining.set(true);
    long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
    try {
      while (active.get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (active.get() > 0) {
      LOG.warn("shutting down with {} requests still in flight after {} ms", active.get(),
          settings.drainTimeout().toMillis());
    }
    app.stop();
    batcher.close();
    predictor.close();
    LOG.info("stopped {}", url());
  }
}
