package org.dermmgmt.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dermmgmt.data.Management;
import org.dermmgmt.data.MetadataEncoder;
import org.dermmgmt.infer.PredictionView;

/**
 * A predictor without a model, for the service's plumbing: it answers P(EXC) = the red value of
 * the clinical image's first pixel / 255 (so answers can be told apart), records every batch, and
 * can hold batches until released.
 */
class FakePredictor implements CasePredictor {
  final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private final long millisPerBatch;
  volatile boolean closed;

  FakePredictor(long millisPerBatch) {
    this.millisPerBatch = millisPerBatch;
  }

  /** Holds every batch from now on until {@link #release()}. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  @Override
  public ModelCard card() {
    return new ModelCard("fake", "0".repeat(64), null, "mgmt", "CDM", 1, 32, 0, false, "fp32",
        Map.of("management", List.of("NONE", "CLNC", "EXC")),
        Map.of("sex", MetadataEncoder.SEXES, "location", MetadataEncoder.LOCATIONS, "elevation", MetadataEncoder.ELEVATIONS),
        new ModelCard.Decisions("argmax", "argmax", Map.of(), 0, Map.of()));
  }

  @Override
  public List<CaseResult> predict(List<CaseRequest> batch) {
    batchSizes.add(batch.size());
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("held for too long");
      }
      Thread.sleep(millisPerBatch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    List<CaseResult> out = new ArrayList<>();
    for (CaseRequest r : batch) {
      if (r.sex() != null && r.sex().equals("male") && r.location().equals("acral") && r.elevation().equals("palpable")) {
        throw new IllegalArgumentException("this fake refuses male/acral/palpable cases");
      }
      double exc = r.clinic().get(0, 0, 0) / 255.0;
      Map<String, Double> p = new LinkedHashMap<>();
      p.put("NONE", (1 - exc) / 2);
      p.put("CLNC", (1 - exc) / 2);
      p.put("EXC", exc);
      Management rec = exc > 1.0 / 3 ? Management.EXC : Management.NONE;
      out.add(new CaseResult(new PredictionView(null, rec, p, "predicted", null, null, null, null, null, rec.name(), null, "argmax", null, null), null, null));
    }
    return out;
  }

  @Override
  public void close() {
    closed = true;
  }
}
