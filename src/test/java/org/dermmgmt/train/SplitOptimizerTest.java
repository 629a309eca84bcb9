package org.dermmgmt.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitOptimizerTest {
  @Test
  void routesBackboneParametersToTheSlowerOptimizer() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray stream = m.create(new float[] {1f, 1f});
      NDArray head = m.create(new float[] {1f, 1f});
      NDArray grad = m.create(new float[] {1f, -2f});
      Optimizer slow = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build();
      Optimizer fast = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1f)).build();
      Optimizer split = new SplitOptimizer(slow, fast, Set.of("stream-id"));
      split.update("stream-id", stream, grad);
      split.update("head-id", head, grad);
      assertThat(stream.toFloatArray()).usingComparatorWithPrecision(1e-6f).containsExactly(0.9f, 1.2f);
      assertThat(head.toFloatArray()).usingComparatorWithPrecision(1e-6f).containsExactly(0f, 3f);
    }
  }
}
