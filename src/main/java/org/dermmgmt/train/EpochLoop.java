package org.dermmgmt.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.dermmgmt.eval.ManagementPriors;
import org.dermmgmt.infer.Prediction;
import org.dermmgmt.infer.RunDir;
import org.dermmgmt.model.FusionNet;

/**
 * The epoch loop shared by fine-tuning and head training: optimiser and schedule, one epoch of
 * steps, scoring on the selection cases, the best-epoch bookkeeping, early stopping, listeners.
 * What is trained and on which inputs is the subclass's.
 */
abstract class EpochLoop {
  /** What every loop works on. */
  record Context(
      Model model, FusionNet net, ManagementPriors priors, TrainingData data, RunDir run, PrintStream err) {}

  final Context ctx;
  final List<TrainingListener> listeners;
  final MultiTaskLoss loss;
  final TrainOptions opt;
  TrainState st;

  EpochLoop(Context ctx, List<TrainingListener> listeners, TrainOptions opt, TrainState start) {
    this.ctx = ctx;
    this.listeners = listeners;
    this.opt = opt;
    this.st = start;
    this.loss = new MultiTaskLoss(opt.task().heads(), opt.headWeights(),
        Labels.classWeights(opt, ctx.data().train()), opt.labelSmoothing());
  }

  /** Batches of one pass over the training cases (at most --limit). */
  int batchesPerEpoch() {
    return limited((ctx.data().train().size() + opt.batchSize() - 1) / opt.batchSize());
  }

  /** Learning rate of the backbone streams relative to the heads' (1 = the same). */
  float backboneLearningRateScale() {
    return 1f;
  }

  /** Trains one epoch and returns the mean loss. */
  abstract double trainEpoch(Trainer trainer, int epoch);

  /** The current network's predictions of the selection cases, in their order. */
  abstract List<Prediction> predictSelect();

  abstract Block trainedBlock();

  abstract Shape[] trainedInputShapes();

  /** The learning rate over the run: linear warm-up, then cosine decay to 1% of {@code base}. */
  Tracker schedule(float base, int total, int batches) {
    return new WarmCosine(base, total, opt.lrWarmup() * batches);
  }

  Optimizer optimizer(float base, int total, int batches) {
    Tracker lr = schedule(base, total, batches);
    return "sgd".equals(opt.optimizer())
        ? Optimizer.sgd()
            .setLearningRateTracker(lr)
            .optMomentum(0.9f)
            .optWeightDecays(opt.weightDecay())
            .optBeginNumUpdate(st.epochsDone() * batches)
            .build()
        : Optimizer.adam()
            .optLearningRateTracker(lr)
            .optWeightDecays(opt.weightDecay())
            .optBeginNumUpdate(st.epochsDone() * batches)
            .build();
  }

  SelectionMetrics.Score score() {
    return SelectionMetrics.score(opt.task(), ctx.data().select(), predictSelect(), ctx.priors());
  }

  void run() {
    int batches = batchesPerEpoch();
    int total = opt.epochs() * batches;
    Optimizer optimizer = optimizer(opt.learningRate(), total, batches);
    float scale = backboneLearningRateScale();
    if (scale != 1f) {
      Set<String> ids = new HashSet<>();
      for (Block stream : ctx.net().streams()) {
        stream.getParameters().values().forEach(p -> ids.add(p.getId()));
      }
      optimizer = new SplitOptimizer(optimizer(opt.learningRate() * scale, total, batches), optimizer, ids);
    }
    // The heads' schedule, for the history file (the optimizer holds its own copy).
    Tracker lr = schedule(opt.learningRate(), total, batches);
    DefaultTrainingConfig tc =
        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer);
    try (Model trained = Model.newInstance("trained")) {
      trained.setBlock(trainedBlock());
      try (Trainer trainer = trained.newTrainer(tc)) {
        trainer.initialize(trainedInputShapes());
        for (int epoch = st.epochsDone() + 1; epoch <= opt.epochs(); epoch++) {
          long t0 = System.nanoTime();
          for (TrainingListener l : listeners) {
            l.onEpochStart(epoch, opt.epochs(), batches);
          }
          double meanLoss;
          SelectionMetrics.Score score;
          try {
            meanLoss = trainEpoch(trainer, epoch);
            score = score();
          } catch (RuntimeException | Error e) {
            // Else the epoch's bar goes on redrawing after the CLI has printed the error.
            listeners.forEach(TrainingListener::onEpochAborted);
            throw e;
          }
          boolean best = improves(score);
          st = best
              ? new TrainState(epoch, epoch, key(score), score.accuracy(), score.macroAuroc(), 0, false)
              : new TrainState(epoch, st.bestEpoch(), st.bestScore(), st.bestAccuracy(), st.bestAuroc(),
                  st.stale() + 1, false);
          EpochResult r = new EpochResult(epoch, meanLoss, score.accuracy(), score.macroAuroc(),
              lr.getNewValue(epoch * batches), (System.nanoTime() - t0) / 1e9, best);
          if (opt.averagedEpochs() > 0 && epoch > opt.epochs() - opt.averagedEpochs()) {
            // Before the listeners: the state they write says this epoch is done.
            ctx.run().saveParameters(ctx.net(), ctx.run().epochParameters(epoch));
          }
          for (TrainingListener l : listeners) {
            l.onEpochEnd(r);
          }
          if (opt.patience() > 0 && st.stale() >= opt.patience()) {
            ctx.err().printf("early stop: no improvement in %d epochs%n", opt.patience());
            break;
          }
        }
      }
    }
    for (TrainingListener l : listeners) {
      l.onTrainingEnd();
    }
  }

  double key(SelectionMetrics.Score s) {
    return "auroc".equals(opt.selectBy()) ? s.macroAuroc() : s.accuracy();
  }

  /** Better on the selection metric, or equal on it and better on the other one. */
  private boolean improves(SelectionMetrics.Score s) {
    boolean byAuroc = "auroc".equals(opt.selectBy());
    double tie = byAuroc ? s.accuracy() : s.macroAuroc();
    return key(s) > st.bestScore()
        || (key(s) == st.bestScore() && tie > (byAuroc ? st.bestAccuracy() : st.bestAuroc()));
  }

  double step(Trainer trainer, NDList x, NDList y) {
    return step(trainer, x, out -> loss.compute(out, y));
  }

  double step(Trainer trainer, NDList x, Function<NDList, NDArray> lossOf) {
    try (GradientCollector gc = trainer.newGradientCollector()) {
      NDList out = trainer.forward(x);
      NDArray l = lossOf.apply(out);
      gc.backward(l);
      double value = l.getFloat();
      try {
        trainer.step();
      } catch (IllegalStateException e) {
        // DJL refuses a first step whose gradients are all zero (e.g. every unit of a tiny
        // random backbone inactive on this batch); there is nothing to update, so skip it.
        if (e.getMessage() == null || !e.getMessage().startsWith("Gradient values are all zeros")) {
          throw e;
        }
      }
      return value;
    }
  }

  int limited(int batches) {
    return opt.limit() == null ? batches : Math.min(batches, opt.limit());
  }
}
