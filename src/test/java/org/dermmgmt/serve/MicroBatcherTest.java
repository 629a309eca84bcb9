package org.dermmgmt.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {
  static CaseRequest request(int red, String elevation) {
    BufferedImage im = TestImages.lesion(40, 40, 20, 20, 8, Color.DARK_GRAY);
    im.setRGB(0, 0, red << 16);
    org.dermmgmt.data.image.RgbImage decoded = org.dermmgmt.data.image.RgbImage.of(im);
    return new CaseRequest(decoded, decoded, "male", "acral", elevation, false, null, null);
  }

  /** The warm-up runs once on every worker thread (libtorch keeps per-thread state), never on the caller's. */
  @Test
  void warmUpRunsOnEveryWorkerAndRethrowsItsFailure() {
    List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    FakePredictor recording = new FakePredictor(0) {
      @Override
      public void warmUp(CaseRequest blank) {
        threads.add(Thread.currentThread().getName());
      }
    };
    try (MicroBatcher b = new MicroBatcher(recording, 3, 8, Duration.ZERO, 8, n -> {})) {
      b.warmUp(request(1, "flat"));
      assertThat(threads).containsExactlyInAnyOrder("dermmgmt-worker-1", "dermmgmt-worker-2", "dermmgmt-worker-3");
      assertThat(recording.batchSizes).as("a warm-up is no user's batch").isEmpty();
    }
    FakePredictor failing = new FakePredictor(0) {
      @Override
      public void warmUp(CaseRequest blank) {
        throw new IllegalStateException("cannot predict");
      }
    };
    try (MicroBatcher b = new MicroBatcher(failing, 1, 8, Duration.ZERO, 8, n -> {})) {
      assertThatThrownBy(() -> b.warmUp(request(1, "flat"))).hasMessage("cannot predict");
    }
  }

  @Test
  void requestsWaitingTogetherArePredictedInOneBatch() throws Exception {
    FakePredictor fake = new FakePredictor(0);
    List<Integer> seen = new ArrayList<>();
    try (MicroBatcher b = new MicroBatcher(fake, 1, 8, Duration.ZERO, 32, seen::add)) {
      fake.hold();
      CompletableFuture<CaseResult> first = b.submit(request(10, "flat"));
      while (fake.batchSizes.isEmpty()) {
        Thread.sleep(5);
      }
      // While the worker is busy with the first, ten more arrive: they go as 8 then 2.
      List<CompletableFuture<CaseResult>> rest = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        rest.add(b.submit(request(20 + i, "flat")));
      }
      assertThat(b.depth()).isEqualTo(10);
      fake.release();
      assertThat(first.get(10, TimeUnit.SECONDS).prediction().management().get("EXC")).isEqualTo(10 / 255.0);
      for (int i = 0; i < 10; i++) {
        // Each answer is its own request's, in whatever batch it went.
        assertThat(rest.get(i).get(10, TimeUnit.SECONDS).prediction().management().get("EXC")).isEqualTo((20 + i) / 255.0);
      }
      assertThat(fake.batchSizes).containsExactly(1, 8, 2);
      assertThat(seen).containsExactly(1, 8, 2);
    }
  }

  @Test
  void aLoneRequestIsNotHeldBackAndLingerFillsBatches() throws Exception {
    FakePredictor fake = new FakePredictor(0);
    try (MicroBatcher b = new MicroBatcher(fake, 1, 4, Duration.ZERO, 8, n -> {})) {
      long start = System.nanoTime();
      b.submit(request(1, "flat")).get(10, TimeUnit.SECONDS);
      assertThat((System.nanoTime() - start) / 1e6).isLessThan(500);
    }
    FakePredictor lingering = new FakePredictor(0);
    try (MicroBatcher b = new MicroBatcher(lingering, 1, 4, Duration.ofMillis(300), 8, n -> {})) {
      List<CompletableFuture<CaseResult>> all = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        all.add(b.submit(request(i, "flat")));
        Thread.sleep(30);
      }
      for (CompletableFuture<CaseResult> f : all) {
        f.get(10, TimeUnit.SECONDS);
      }
      assertThat(lingering.batchSizes).containsExactly(3);
    }
  }

  @Test
  void aFullQueueRefusesAtOnceWithRetryAfter() throws Exception {
    FakePredictor fake = new FakePredictor(0);
    fake.hold();
    try (MicroBatcher b = new MicroBatcher(fake, 1, 1, Duration.ZERO, 2, n -> {})) {
      b.submit(request(1, "flat"));
      while (fake.batchSizes.isEmpty()) {
        Thread.sleep(5);
      }
      b.submit(request(2, "flat"));
      b.submit(request(3, "flat"));
      assertThatThrownBy(() -> b.submit(request(4, "flat")))
          .isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.retryAfterSeconds()).isPositive();
          });
      fake.release();
    }
  }

  @Test
  void oneFailingCaseDoesNotFailTheOthersOfItsBatch() throws Exception {
    FakePredictor fake = new FakePredictor(0);
    fake.hold();
    try (MicroBatcher b = new MicroBatcher(fake, 1, 8, Duration.ZERO, 8, n -> {})) {
      b.submit(request(1, "flat"));
      while (fake.batchSizes.isEmpty()) {
        Thread.sleep(5);
      }
      CompletableFuture<CaseResult> good = b.submit(request(50, "flat"));
      CompletableFuture<CaseResult> bad = b.submit(request(60, "palpable"));
      fake.release();
      assertThat(good.get(10, TimeUnit.SECONDS).prediction().management().get("EXC")).isEqualTo(50 / 255.0);
      assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(IllegalArgumentException.class);
      // The pair was tried together first, then one by one.
      assertThat(fake.batchSizes).containsExactly(1, 2, 1, 1);
    }
  }
}
