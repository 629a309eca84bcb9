package org.dermmgmt.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Seeds;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.infer.BatchLoader;
import org.dermmgmt.infer.CaseInput;
import org.dermmgmt.infer.InferenceSpec;
import org.dermmgmt.infer.Inferer;
import org.dermmgmt.infer.Prediction;
import org.dermmgmt.infer.TrainedModel;

/** Fine-tuning: every parameter trains, on freshly augmented images each epoch. */
final class FineTuning extends EpochLoop {
  private final ImagePipeline pipeline;
  private final InferenceSpec selection;

  FineTuning(Context ctx, List<TrainingListener> listeners, TrainOptions opt, TrainState start,
      ImagePipeline pipeline, InferenceSpec selection) {
    super(ctx, listeners, opt, start);
    this.pipeline = pipeline;
    this.selection = selection;
  }

  @Override
  Block trainedBlock() {
    return ctx.net();
  }

  @Override
  float backboneLearningRateScale() {
    return opt.backboneLrScale();
  }

  @Override
  Shape[] trainedInputShapes() {
    return ctx.net().inputShapes(opt.batchSize());
  }

  @Override
  double trainEpoch(Trainer trainer, int epoch) {
    List<LesionCase> order = new ArrayList<>(ctx.data().train());
    Collections.shuffle(order, new Random(Seeds.mix(opt.seed(), epoch)));
    order = order.subList(0, Math.min(order.size(), batchesPerEpoch() * opt.batchSize()));
    double sum = 0;
    int n = 0;
    Mixup mixup = opt.mixup() > 0 ? new Mixup(opt.mixup(), Seeds.mix(opt.seed(), epoch, 2)) : null;
    long epochSeed = Seeds.mix(opt.seed(), epoch, 1);
    // Training views are keyed by case number and stream, as they always were.
    BatchLoader.ViewSeeds seeds = (c, stream, image) -> Seeds.mix(epochSeed, c.caseNumber(), stream);
    try (BatchLoader loader = new BatchLoader(pipeline, opt.inputs(), ctx.net().config().metadata())) {
      for (BatchLoader.ViewBatch<LesionCase> batch :
          loader.batches(order, c -> CaseInput.of(ctx.data().source(), c), opt.batchSize(), seeds)) {
        try (NDManager m = trainer.getManager().newSubManager()) {
          NDList y = Labels.of(m, opt.task(), batch.items());
          double l;
          if (mixup == null) {
            l = step(trainer, batch.data().inputs(m, opt.inputs()), y);
          } else {
            Mixup.Draw draw = mixup.draw(batch.items().size());
            NDList partnerY = Labels.of(m, opt.task(), draw.partners(batch.items()));
            float lambda = draw.lambda();
            l = step(trainer, batch.data().mixWith(draw.partner(), lambda).inputs(m, opt.inputs()),
                out -> loss.compute(out, y).mul(lambda).add(loss.compute(out, partnerY).mul(1f - lambda)));
          }
          sum += l;
          n++;
          for (TrainingListener listener : listeners) {
            listener.onBatch(epoch, l);
          }
        }
      }
    }
    return sum / Math.max(1, n);
  }

  @Override
  List<Prediction> predictSelect() {
    Inferer inferer = new Inferer(List.of(ctx.net()), ctx.model().getNDManager(), pipeline, selection);
    return TrainedModel.predict(ctx.data().source(), ctx.data().select(), inferer, null);
  }
}
