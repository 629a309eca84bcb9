package org.dermmgmt.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.dermmgmt.model.Task;
import org.junit.jupiter.api.Test;

class MultiTaskLossTest {
  private static final List<Task.Head> HEADS = List.of(new Task.Head("a", 3), new Task.Head("b", 2));

  @Test
  void sumOfWeightedCrossEntropies() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[][] la = {{1f, 2f, 3f}, {0f, 0f, 0f}};
      float[][] lb = {{2f, 0f}, {0f, 1f}};
      NDList logits = new NDList(m.create(la), m.create(lb));
      NDList labels = new NDList(m.create(new int[] {2, 0}), m.create(new int[] {0, 0}));
      double ceA = (ce(la[0], 2) + ce(la[1], 0)) / 2;
      double ceB = (ce(lb[0], 0) + ce(lb[1], 0)) / 2;
      double loss = new MultiTaskLoss(HEADS, new float[] {1f, 0.5f}, null).compute(logits, labels).getFloat();
      assertThat(loss).isCloseTo(ceA + 0.5 * ceB, within(1e-5));

      // Class weights: a weighted mean of the per-case losses.
      float[][] w = {{1f, 1f, 3f}, null};
      double weighted = new MultiTaskLoss(HEADS, new float[] {1f, 0f}, w).compute(logits, labels).getFloat();
      assertThat(weighted).isCloseTo((3 * ce(la[0], 2) + ce(la[1], 0)) / 4, within(1e-5));
    }
  }

  @Test
  void labelSmoothingMixesTheUniformTarget() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[][] la = {{1f, 2f, 3f}, {0.5f, -1f, 2f}};
      NDList logits = new NDList(m.create(la));
      NDList labels = new NDList(m.create(new int[] {0, 2}));
      List<Task.Head> one = List.of(new Task.Head("a", 3));
      float eps = 0.2f;
      double expected = 0;
      for (int i = 0; i < 2; i++) {
        int y = i == 0 ? 0 : 2;
        double uniform = (ce(la[i], 0) + ce(la[i], 1) + ce(la[i], 2)) / 3;
        expected += ((1 - eps) * ce(la[i], y) + eps * uniform) / 2;
      }
      double loss = new MultiTaskLoss(one, new float[] {1f}, null, eps).compute(logits, labels).getFloat();
      assertThat(loss).isCloseTo(expected, within(1e-5));
      double hard = new MultiTaskLoss(one, new float[] {1f}, null, 0f).compute(logits, labels).getFloat();
      assertThat(hard).isCloseTo((ce(la[0], 0) + ce(la[1], 2)) / 2, within(1e-5));
      assertThat(loss).isNotCloseTo(hard, within(1e-3));
    }
  }

  @Test
  void balancedWeightsAreInverseFrequencies() {
    float[] w = MultiTaskLoss.balancedWeights(new int[] {0, 0, 0, 1}, 3);
    assertThat(w[0]).isCloseTo(4f / 9, within(1e-6f));
    assertThat(w[1]).isCloseTo(4f / 3, within(1e-6f));
    assertThat(w[2]).isZero();
  }

  private static double ce(float[] logits, int label) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (float l : logits) {
      sum += Math.exp(l - max);
    }
    return -(logits[label] - max - Math.log(sum));
  }
}
