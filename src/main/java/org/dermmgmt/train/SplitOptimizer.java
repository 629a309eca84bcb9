package org.dermmgmt.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.Set;

/**
 * Two optimizers, one for the pretrained backbone streams and one for the heads, so the streams
 * can learn more slowly than the freshly initialised heads ("discriminative learning rates").
 * DJL optimizers take one learning-rate tracker for all parameters; this routes each parameter,
 * by its id, to the optimizer of its part. Each keeps its own state (Adam's moments, counts).
 */
final class SplitOptimizer extends Optimizer {
  private final Optimizer backbone;
  private final Optimizer heads;
  private final Set<String> backboneIds;

  SplitOptimizer(Optimizer backbone, Optimizer heads, Set<String> backboneIds) {
    super(new NoOptions());
    this.backbone = backbone;
    this.heads = heads;
    this.backboneIds = Set.copyOf(backboneIds);
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    (backboneIds.contains(parameterId) ? backbone : heads).update(parameterId, weight, grad);
  }

  /** The wrapper itself has no options: each part's optimizer carries its own. */
  private static final class NoOptions extends OptimizerBuilder<NoOptions> {
    @Override
    protected NoOptions self() {
      return this;
    }
  }
}
