package org.dermmgmt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Seeds;

/**
 * Runs a fusion network over cases and returns their softmax outputs. With test-time augmentation
 * the plain view is averaged with {@code tta} seeded augmented views.
 */
public final class ModelRunner {
  /** Seed of the test-time augmentation views: fixed, so evaluations are repeatable. */
  public static final long TTA_SEED = 0x7E57L;

  private ModelRunner() {}

  /**
   * The mean softmax outputs of one or more networks of the same architecture (an ensemble) on
   * one prepared batch, without test-time augmentation.
   */
  public static List<CasePrediction> predict(List<FusionNet> nets, NDManager parent, CaseBatch batch) {
    double[][][] sums = new double[batch.size()][][];
    try (NDManager m = parent.newSubManager()) {
      accumulate(nets, m, batch, sums, 0);
    }
    return means(batch.cases(), sums, nets.size());
  }

  /**
   * The mean softmax outputs of one or more networks of the same architecture (an ensemble) over
   * the plain view and {@code tta} augmented views. Each batch is decoded and augmented once and fed
   * to every network, since image work costs about as much as a forward pass on a small machine.
   */
  public static List<CasePrediction> predict(
      List<FusionNet> nets,
      NDManager parent,
      BatchLoader loader,
      List<LesionCase> cases,
      int batchSize,
      int tta,
      IntConsumer progress) {
    double[][][] sums = new double[cases.size()][][];
    for (int v = 0; v <= tta; v++) {
      Long seed = v == 0 ? null : Seeds.mix(TTA_SEED, v);
      int index = 0;
      for (CaseBatch batch : loader.batches(cases, batchSize, seed)) {
        try (NDManager m = parent.newSubManager()) {
          accumulate(nets, m, batch, sums, index);
        }
        index += batch.size();
        if (progress != null) {
          progress.accept(batch.size());
        }
      }
    }
    return means(cases, sums, (tta + 1.0) * nets.size());
  }

  /** Adds every network's softmax outputs for {@code batch} to the rows from {@code offset} on. */
  private static void accumulate(
      List<FusionNet> nets, NDManager m, CaseBatch batch, double[][][] sums, int offset) {
    if (nets.isEmpty()) {
      throw new IllegalArgumentException("no network to predict with");
    }
    NDList inputs = batch.inputs(m, nets.get(0).config().inputs());
    for (FusionNet net : nets) {
      NDList out = net.forward(new ParameterStore(m, false), inputs, false);
      for (int h = 0; h < out.size(); h++) {
        NDArray p = out.get(h).softmax(1);
        float[] flat = p.toFloatArray();
        int k = (int) p.getShape().get(1);
        for (int i = 0; i < batch.size(); i++) {
          if (sums[offset + i] == null) {
            sums[offset + i] = new double[out.size()][];
          }
          double[] row = sums[offset + i][h];
          if (row == null) {
            row = sums[offset + i][h] = new double[k];
          }
          for (int c = 0; c < k; c++) {
            row[c] += flat[i * k + c];
          }
        }
      }
    }
  }

  private static List<CasePrediction> means(List<LesionCase> cases, double[][][] sums, double count) {
    List<CasePrediction> result = new ArrayList<>(cases.size());
    for (int i = 0; i < cases.size(); i++) {
      List<double[]> probs = new ArrayList<>(sums[i].length);
      for (double[] p : sums[i]) {
        for (int c = 0; c < p.length; c++) {
          p[c] /= count;
        }
        probs.add(p);
      }
      result.add(new CasePrediction(cases.get(i), List.copyOf(probs)));
    }
    return result;
  }
}
