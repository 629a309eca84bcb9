package org.dermmgmt.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 32 clients for a few seconds against a small queue: every request is answered 200 or 503 (with
 * Retry-After), none is lost or given another client's answer, and the service is healthy after.
 */
class ServiceConcurrencyTest {
  static final int CLIENTS = 32;
  static final long SECONDS = 4;

  /** What one client saw. */
  record Tally(int ok, int busy, List<String> problems) {}

  @Test
  void thirtyTwoClientsGetTheirOwnAnswersOrABusySignal() throws Exception {
    try (PredictionService service = PredictionService.start(TrainedModelPredictor.load(TinyRun.run(), false),
        ServeSettings.builder().optPort(0).optWorkers(1).optMaxBatch(8).optQueue(8).build())) {
      String predict = service.url() + "/api/v1/predict";
      List<byte[]> images = new ArrayList<>();
      List<JsonNode> expected = new ArrayList<>();
      long aloneStarted = System.nanoTime();
      for (int i = 0; i < CLIENTS; i++) {
        byte[] jpeg = TestImages.jpeg(TestImages.numbered(i));
        images.add(jpeg);
        // Each client's answer, asked alone first: what its answers under load must equal.
        Http.Answer alone = Http.post(predict, form(jpeg, i));
        assertThat(alone.status()).as(alone.text()).isEqualTo(200);
        expected.add(alone.json().get("prediction"));
      }
      double aloneSeconds = (System.nanoTime() - aloneStarted) / 1e9 / CLIENTS;

      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
      List<Future<Tally>> tallies = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        int client = i;
        tallies.add(pool.submit(() -> {
          int ok = 0;
          int busy = 0;
          List<String> problems = new ArrayList<>();
          while (System.nanoTime() < until) {
            Http.Answer a = Http.post(predict, form(images.get(client), client));
            if (a.status() == 503) {
              busy++;
              if (a.header("Retry-After") == null) {
                problems.add("503 without Retry-After");
              }
              Thread.sleep(20);
            } else if (a.status() != 200) {
              problems.add("status " + a.status() + ": " + a.text());
            } else {
              ok++;
              JsonNode r = a.json();
              if (!r.at("/images/clinic/sha256").asText().equals(ServiceApiTest.sha256(images.get(client)))) {
                problems.add("answer for another client's image");
              }
              for (String m : List.of("NONE", "CLNC", "EXC")) {
                double got = r.at("/prediction/management/" + m).asDouble();
                double want = expected.get(client).at("/management/" + m).asDouble();
                if (Math.abs(got - want) > 1e-5) {
                  problems.add(m + " " + got + " != " + want);
                }
              }
            }
          }
          return new Tally(ok, busy, problems);
        }));
      }
      int ok = 0;
      int busy = 0;
      for (Future<Tally> f : tallies) {
        Tally t = f.get(120, TimeUnit.SECONDS);
        assertThat(t.problems()).isEmpty();
        ok += t.ok();
        busy += t.busy();
      }
      pool.shutdown();
      // At least half of what one client asking alone gets through in that time (a shared CI
      // machine can be slow), and never fewer than one answer per client on a machine that can.
      long serially = (long) (SECONDS / aloneSeconds);
      assertThat(ok).as("answered in %d s, %.0f ms per request alone", SECONDS, aloneSeconds * 1000)
          .isGreaterThanOrEqualTo((int) Math.min(CLIENTS, serially / 2));
      System.err.printf("concurrency test: %d answered, %d busy (503) in %d s%n", ok, busy, SECONDS);

      JsonNode health = Http.get(service.url() + "/health").json();
      assertThat(health.get("status").asText()).isEqualTo("ok");
      assertThat(health.get("queueDepth").asInt()).isZero();
      assertThat(health.get("inFlight").asInt()).isZero();
      String metrics = Http.get(service.url() + "/metrics").text();
      // Under load the workers batched requests together.
      assertThat(metrics).containsPattern("dermmgmt_batch_size_max [2-8]\\.0");
      assertThat(Http.post(predict, form(images.get(0), 0)).status()).isEqualTo(200);
    }
  }

  /** Metadata varies with the client too, so a mixed-up answer would show in every head. */
  static Http.Form form(byte[] jpeg, int client) {
    String[] locations = {"back", "acral", "head neck", "lower limbs"};
    return new Http.Form().jpeg("clinic", jpeg).jpeg("derm", jpeg)
        .meta(client % 2 == 0 ? "female" : "male", locations[client % 4], client % 3 == 0 ? "flat" : "nodular");
  }

}
