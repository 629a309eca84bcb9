package org.dermmgmt.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import org.dermmgmt.Provenance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every route over real HTTP on a loopback port, against a tiny model trained for the test. */
class ServiceApiTest {
  static final ImageLimits LIMITS = new ImageLimits(200_000, 4_000_000, 32);
  static PredictionService service;
  static String url;
  static Path run;
  static final byte[] CLINIC = TestImages.jpeg(TestImages.numbered(1));
  static final byte[] DERM = TestImages.png(TestImages.numbered(2));

  @BeforeAll
  static void start() {
    run = TinyRun.run();
    service = PredictionService.start(TrainedModelPredictor.load(run, true), ServeSettings.builder()
        .optPort(0).optLimits(LIMITS).optReadTimeout(Duration.ofSeconds(2)).build());
    url = service.url();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  static Http.Form valid() {
    return new Http.Form().jpeg("clinic", CLINIC).file("derm", DERM, "image/png").meta("female", "back", "flat");
  }

  @Test
  void predictAnswersWithTheModelsFullView() throws Exception {
    Http.Answer a = Http.post(url + "/api/v1/predict", valid());
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    assertThat(a.header("Content-Type")).startsWith("application/json");
    JsonNode r = a.json();
    JsonNode p = r.get("prediction");
    double sum = 0;
    for (JsonNode v : p.get("management")) {
      sum += v.asDouble();
    }
    assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(p.get("recommendation").asText()).isIn("NONE", "CLNC", "EXC");
    assertThat(p.get("diagnosisProbabilities").size()).isEqualTo(5);
    assertThat(p.get("criteria").size()).isEqualTo(7);
    int points = 0;
    for (JsonNode row : r.get("checklist")) {
      points += row.get("points").asInt();
    }
    assertThat(r.get("checklist").size()).isEqualTo(7);
    assertThat(p.get("sevenPointScore").asInt()).isEqualTo(points);
    assertThat(r.at("/model/name").asText()).isEqualTo("tiny-multi");
    assertThat(r.at("/model/configSha256").asText()).isEqualTo(Provenance.sha256(run.resolve("config.json")));
    assertThat(r.at("/model/created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
    assertThat(r.at("/images/clinic/sha256").asText()).isEqualTo(sha256(CLINIC));
    assertThat(r.at("/images/derm/sha256").asText()).isEqualTo(sha256(DERM));
    assertThat(r.at("/images/clinic/width").asInt()).isEqualTo(120);
    assertThat(r.get("timeMs").asDouble()).isPositive();
    assertThat(r.get("notice").asText()).contains("not a diagnosis");
    assertThat(r.has("explanations")).isFalse();
  }

  @Test
  void modelRouteDescribesWhatTheFormNeeds() {
    Http.Answer a = Http.get(url + "/api/v1/model");
    assertThat(a.status()).isEqualTo(200);
    JsonNode m = a.json();
    assertThat(m.at("/model/task").asText()).isEqualTo("multi");
    assertThat(m.at("/model/inputs").asText()).isEqualTo("CDM");
    assertThat(m.at("/model/precision").asText()).as("the process's inference precision")
        .isEqualTo(org.dermmgmt.model.script.Precision.inference().label());
    assertThat(m.at("/model/labels/management").toString()).isEqualTo("[\"NONE\",\"CLNC\",\"EXC\"]");
    assertThat(m.at("/model/labels/PN").size()).isEqualTo(3);
    assertThat(m.at("/model/metadata/sex").toString()).isEqualTo("[\"female\",\"male\"]");
    assertThat(m.at("/model/metadata/location").size()).isEqualTo(9);
    assertThat(m.at("/images/maxPixels").asLong()).isEqualTo(LIMITS.maxPixels());
    assertThat(m.at("/fields/derm").asText()).isEqualTo("required");
    assertThat(m.get("authRequired").asBoolean()).isFalse();
  }

  @Test
  void healthMetricsPageAndUnknownRoutes() {
    JsonNode h = Http.get(url + "/health").json();
    assertThat(h.get("status").asText()).isEqualTo("ok");
    assertThat(h.get("modelLoaded").asBoolean()).isTrue();

    Http.post(url + "/api/v1/predict", valid());
    Http.post(url + "/api/v1/predict", new Http.Form().jpeg("clinic", CLINIC));
    Http.Answer m = Http.get(url + "/metrics");
    assertThat(m.status()).isEqualTo(200);
    assertThat(m.header("Content-Type")).startsWith("text/plain");
    assertThat(m.text())
        .containsPattern("dermmgmt_http_requests_seconds_count\\{[^}]*route=\"/api/v1/predict\"[^}]*status=\"200\"")
        .containsPattern("dermmgmt_http_requests_seconds_count\\{[^}]*status=\"400\"")
        .containsPattern("dermmgmt_http_requests_seconds_bucket\\{[^}]*le=\"")
        .contains("dermmgmt_queue_depth").contains("dermmgmt_requests_in_flight").contains("dermmgmt_batch_size_count")
        .containsPattern("jvm_memory_used_bytes\\{[^}]*area=\"heap\"").contains("jvm_threads_live_threads")
        .contains("process_cpu_usage");
    // The resident size is a real number of bytes on Linux, not a placeholder.
    java.util.regex.Matcher rss = java.util.regex.Pattern.compile("(?m)^process_resident_memory_bytes (\\S+)$").matcher(m.text());
    if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/self/status"))) {
      assertThat(rss.find()).as(m.text()).isTrue();
      assertThat(Double.parseDouble(rss.group(1))).isGreaterThan(50e6);
    }

    Http.Answer page = Http.get(url + "/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.text()).contains("Research tool, not a diagnosis");
    for (String asset : new String[] {"/", "/app.js", "/app.css"}) {
      Http.Answer file = Http.get(url + asset);
      assertThat(file.status()).as(asset).isEqualTo(200);
      // Everything the page needs comes from this service: no internet addresses at all.
      assertThat(file.text()).as(asset).doesNotContainPattern("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}/");
    }

    Http.Answer missing = Http.get(url + "/api/v2/nothing");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("error").asText()).contains("/api/v2/nothing");
  }

  @Test
  void openApiDescribesExactlyTheRoutesThatExist() {
    JsonNode doc = Http.get(url + "/openapi.json").json();
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    Set<String> documented = new TreeSet<>();
    doc.get("paths").fields().forEachRemaining(path ->
        path.getValue().fieldNames().forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
    assertThat(documented).containsExactlyInAnyOrderElementsOf(service.routes());
    assertThat(service.routes()).contains("POST /api/v1/predict", "GET /api/v1/model", "GET /health", "GET /metrics");
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** A request whose body stops half way gets 408 once the read timeout passes, and the service goes on. */
  @Test
  void aBodyThatNeverEndsTimesOut() throws Exception {
    Http.Form form = valid();
    byte[] body = form.bytes();
    long start = System.nanoTime();
    String status;
    try (Socket s = new Socket("127.0.0.1", service.port())) {
      s.setSoTimeout(15_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /api/v1/predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + form.contentType()
          + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, body.length / 2);
      out.flush();
      InputStream in = s.getInputStream();
      byte[] head = in.readNBytes(12);
      status = new String(head, StandardCharsets.US_ASCII);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(status).isEqualTo("HTTP/1.1 408");
    assertThat(seconds).isBetween(1.5, 10.0);
    assertThat(Http.post(url + "/api/v1/predict", valid()).status()).isEqualTo(200);
  }

  @Test
  void uploadsAreNotWrittenToTheTemporaryDirectory() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Set<String> before = listing(tmp);
    assertThat(Http.post(url + "/api/v1/predict?explain=true", valid()).status()).isEqualTo(200);
    Set<String> after = listing(tmp);
    after.removeAll(before);
    // ImageIO's stream caches and Jetty's multipart spill files are the ways uploads could land here.
    assertThat(after).noneMatch(n -> n.startsWith("imageio") || n.startsWith("MultiPart"));
  }

  private static Set<String> listing(Path dir) throws Exception {
    Set<String> names = new TreeSet<>();
    try (var files = Files.list(dir)) {
      files.forEach(f -> names.add(f.getFileName().toString()));
    }
    return names;
  }
}
