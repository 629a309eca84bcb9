package org.dermmgmt.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Seeds;
import org.dermmgmt.infer.EnsembleAverage;
import org.dermmgmt.infer.InferenceSpec;
import org.dermmgmt.infer.Prediction;

/** Frozen backbone: the heads alone train, on cached pooled features of augmented views. */
final class HeadTraining extends EpochLoop {
  private final FrozenFeatures features;
  private final InferenceSpec selection;

  HeadTraining(Context ctx, List<TrainingListener> listeners, TrainOptions opt, TrainState start,
      FrozenFeatures features, InferenceSpec selection) {
    super(ctx, listeners, opt, start);
    this.features = features;
    this.selection = selection;
  }

  @Override
  Block trainedBlock() {
    return ctx.net().head();
  }

  @Override
  Shape[] trainedInputShapes() {
    return new Shape[] {new Shape(opt.batchSize(), features.size())};
  }

  @Override
  double trainEpoch(Trainer trainer, int epoch) {
    List<LesionCase> order = new ArrayList<>(ctx.data().train());
    Random rng = new Random(Seeds.mix(opt.seed(), epoch));
    Collections.shuffle(order, rng);
    double sum = 0;
    int batches = batchesPerEpoch();
    int fused = features.size();
    for (int b = 0; b < batches; b++) {
      List<LesionCase> slice =
          order.subList(b * opt.batchSize(), Math.min(order.size(), (b + 1) * opt.batchSize()));
      float[] x = new float[slice.size() * fused];
      for (int i = 0; i < slice.size(); i++) {
        System.arraycopy(features.of(slice.get(i), rng.nextInt(opt.views() + 1)), 0, x, i * fused, fused);
      }
      try (NDManager m = trainer.getManager().newSubManager()) {
        NDList in = new NDList(m.create(FloatBuffer.wrap(x), new Shape(slice.size(), fused)));
        double l = step(trainer, in, Labels.of(m, opt.task(), slice));
        sum += l;
        for (TrainingListener listener : listeners) {
          listener.onBatch(epoch, l);
        }
      }
    }
    return sum / Math.max(1, batches);
  }

  /**
   * The selection spec's views of the cached features through the head, averaged by the same
   * code as the full network's inference: with the cache's views equal to the spec's, this is
   * what {@code evaluate} computes from images.
   */
  @Override
  List<Prediction> predictSelect() {
    List<LesionCase> cases = ctx.data().select();
    EnsembleAverage average = new EnsembleAverage(cases.size());
    try (NDManager m = ctx.model().getNDManager().newSubManager()) {
      for (int v = 0; v <= selection.views(); v++) {
        NDList in = new NDList(m.create(FloatBuffer.wrap(features.of(cases, v)), new Shape(cases.size(), features.size())));
        average.add(List.of(ctx.net().head()), m, in, 0);
        average.viewDone(1);
      }
    }
    return average.means(cases.stream().map(c -> String.valueOf(c.caseNum())).toList());
  }
}
