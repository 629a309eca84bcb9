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

  /** Predicts one prepared batch, without test-time augmentation. */
  public static List<CasePrediction> predict(FusionNet net, NDManager parent, CaseBatch batch) {
    List<CasePrediction> result = new ArrayList<>();
    try (NDManager m = parent.newSubManager()) {
      NDList out = net.forward(new ParameterStore(m, false), batch.inputs(m, net.config().inputs()), false);
      for (int i = 0; i < batch.size(); i++) {
        List<double[]> probs = new ArrayList<>();
        for (NDArray logits : out) {
          float[] row = logits.softmax(1).get(i).toFloatArray();
          double[] p = new double[row.length];
          for (int c = 0; c < row.length; c++) {
            p[c] = row[c];
          }
          probs.add(p);
        }
        result.add(new CasePrediction(batch.cases().get(i), List.copyOf(probs)));
      }
    }
    return result;
  }

  public static List<CasePrediction> predict(
      FusionNet net,
      NDManager parent,
      BatchLoader loader,
      List<LesionCase> cases,
      int batchSize,
      int tta,
      IntConsumer progress) {
    return predict(List.of(net), parent, loader, cases, batchSize, tta, progress);
  }

  /**
   * The mean softmax outputs of several networks of the same architecture (an ensemble) over the
   * plain view and {@code tta} augmented views. Each batch is decoded and augmented once and fed to
   * every network, since image work costs about as much as a forward pass on a small machine.
   */
  public static List<CasePrediction> predict(
      List<FusionNet> nets,
      NDManager parent,
      BatchLoader loader,
      List<LesionCase> cases,
      int batchSize,
      int tta,
      IntConsumer progress) {
    if (nets.isEmpty()) {
      throw new IllegalArgumentException("no network to predict with");
    }
    FusionConfig config = nets.get(0).config();
    int heads = config.task().heads().size();
    double[][][] sums = new double[cases.size()][heads][];
    for (int v = 0; v <= tta; v++) {
      Long seed = v == 0 ? null : Seeds.mix(TTA_SEED, v);
      int index = 0;
      for (CaseBatch batch : loader.batches(cases, batchSize, seed)) {
        try (NDManager m = parent.newSubManager()) {
          NDList inputs = batch.inputs(m, config.inputs());
          for (FusionNet net : nets) {
            NDList out = net.forward(new ParameterStore(m, false), inputs, false);
            for (int h = 0; h < heads; h++) {
              NDArray p = out.get(h).softmax(1);
              float[] flat = p.toFloatArray();
              int k = (int) p.getShape().get(1);
              for (int i = 0; i < batch.size(); i++) {
                double[] row = sums[index + i][h];
                if (row == null) {
                  row = sums[index + i][h] = new double[k];
                }
                for (int c = 0; c < k; c++) {
                  row[c] += flat[i * k + c];
                }
              }
            }
          }
          index += batch.size();
          if (progress != null) {
            progress.accept(batch.size());
          }
        }
      }
    }
    double views = (tta + 1.0) * nets.size();
    List<CasePrediction> result = new ArrayList<>(cases.size());
    for (int i = 0; i < cases.size(); i++) {
      List<double[]> probs = new ArrayList<>(heads);
      for (double[] p : sums[i]) {
        for (int c = 0; c < p.length; c++) {
          p[c] /= views;
        }
        probs.add(p);
      }
      result.add(new CasePrediction(cases.get(i), List.copyOf(probs)));
    }
    return result;
  }
}
