package org.dermmgmt.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.dermmgmt.model.Task;

/**
 * Summed cross-entropy over a task's heads, each head weighted by its task weight and, when class
 * balancing is on, each case weighted by the inverse frequency of its class in the training set.
 * A weighted mean (Σ w·nll / Σ w) keeps the scale of the loss independent of the weights. With
 * label smoothing ε the target of a case of class c is (1 - ε) on c plus ε/K spread over all K
 * classes; the class weights still follow the case's true class.
 */
public final class MultiTaskLoss {
  private final List<Task.Head> heads;
  private final float[] headWeights;
  private final float[][] classWeights;
  private final float labelSmoothing;

  /**
   * @param headWeights one weight per head, in {@link Task#heads()} order
   * @param classWeights per head, per class weights, or null for unweighted classes
   */
  public MultiTaskLoss(List<Task.Head> heads, float[] headWeights, float[][] classWeights) {
    this(heads, headWeights, classWeights, 0f);
  }

  /**
   * @param labelSmoothing ε in [0, 1): the share of each target spread uniformly over the classes
   */
  public MultiTaskLoss(List<Task.Head> heads, float[] headWeights, float[][] classWeights, float labelSmoothing) {
    if (!(labelSmoothing >= 0f && labelSmoothing < 1f)) {
      throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
    }
    if (headWeights.length != heads.size()) {
      throw new IllegalArgumentException(
          "expected " + heads.size() + " head weights, got " + headWeights.length);
    }
    this.heads = List.copyOf(heads);
    this.headWeights = headWeights.clone();
    this.classWeights = classWeights;
    this.labelSmoothing = labelSmoothing;
  }

  /** Returns the scalar loss of one batch. */
  public NDArray compute(NDList logits, NDList labels) {
    NDArray total = null;
    for (int h = 0; h < heads.size(); h++) {
      if (headWeights[h] == 0f) {
        continue;
      }
      NDArray oneHot = labels.get(h).toType(DataType.INT64, false).oneHot(heads.get(h).classes());
      NDArray target = labelSmoothing == 0f
          ? oneHot
          : oneHot.mul(1f - labelSmoothing).add(labelSmoothing / heads.get(h).classes());
      NDArray nll = logits.get(h).logSoftmax(1).mul(target).sum(new int[] {1}).neg();
      NDArray headLoss;
      if (classWeights != null && classWeights[h] != null) {
        NDArray w = oneHot.mul(oneHot.getManager().create(classWeights[h])).sum(new int[] {1});
        headLoss = nll.mul(w).sum().div(w.sum());
      } else {
        headLoss = nll.mean();
      }
      headLoss = headLoss.mul(headWeights[h]);
      total = total == null ? headLoss : total.add(headLoss);
    }
    if (total == null) {
      throw new IllegalStateException("every head has weight 0; nothing to train");
    }
    return total;
  }

  /** Inverse-frequency weights n / (k · n_c), normalised so that the case-weighted mean is 1. */
  public static float[] balancedWeights(int[] labels, int classes) {
    int[] counts = new int[classes];
    for (int y : labels) {
      counts[y]++;
    }
    float[] w = new float[classes];
    for (int c = 0; c < classes; c++) {
      w[c] = counts[c] == 0 ? 0f : (float) labels.length / (classes * counts[c]);
    }
    return w;
  }
}
