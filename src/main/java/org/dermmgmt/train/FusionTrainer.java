package org.dermmgmt.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.MetadataEncoder;
import org.dermmgmt.data.Seeds;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.eval.ManagementPriors;
import org.dermmgmt.model.BatchLoader;
import org.dermmgmt.model.CaseBatch;
import org.dermmgmt.model.CasePrediction;
import org.dermmgmt.model.FusionNet;
import org.dermmgmt.model.Inputs;
import org.dermmgmt.model.MobileNetV2;
import org.dermmgmt.model.ModelRunner;
import org.dermmgmt.model.Task;
import org.dermmgmt.model.tflite.TfliteImporter;
import org.dermmgmt.model.tflite.TfliteModel;

/**
 * Trains a fusion network on a set of cases and selects the epoch with the best management metric
 * on a selection set. Two modes: fine-tuning (the whole network, on augmented images) and the fast
 * frozen-backbone mode (pooled features cached per image and augmentation view, heads trained on
 * them in seconds).
 */
public final class FusionTrainer {

  /** The cases a run learns from and the cases it selects its epoch on. */
  public record TrainingData(
      Derm7ptRelease release, List<LesionCase> train, List<LesionCase> select) {}

  /** What a finished run reports. */
  public record TrainResult(
      Path runDir, int epochsRun, int bestEpoch, double bestAccuracy, double bestMacroAuroc, double seconds) {}

  private final RunConfig config;
  private final TrainOptions o;
  private final TrainingData data;
  private final RunDir run;
  private final Path weights;
  private final Path featureCacheRoot;
  private final PrintStream err;
  private TrainState state;

  /**
   * @param weights the backbone's TFLite file (ignored by the tiny backbone)
   * @param featureCacheRoot where the frozen-backbone mode keeps its features
   */
  public FusionTrainer(
      RunConfig config, TrainingData data, RunDir run, Path weights, Path featureCacheRoot,
      PrintStream err) {
    this.config = config;
    this.o = config.options();
    this.data = data;
    this.run = run;
    this.weights = weights;
    this.featureCacheRoot = featureCacheRoot;
    this.err = err;
  }

  public TrainResult train(boolean resume) {
    long started = System.nanoTime();
    run.create();
    state = resume && Files.exists(run.state()) ? run.readJson(run.state(), TrainState.class) : TrainState.fresh();
    if (!resume) {
      run.writeJson(run.config(), config);
    }
    // DJL draws initial weights from the engine's generator: seed it so a run is repeatable.
    Engine.getInstance().setRandomSeed((int) o.seed());
    ManagementPriors priors = EvaluatedCases.priorsOf(data.train());
    priors.write(run.priors());

    try (Model model = Model.newInstance("dermmgmt")) {
      FusionNet net = new FusionNet(config.model());
      model.setBlock(net);
      net.initialize(model.getNDManager(), DataType.FLOAT32, net.inputShapes(1));
      if (config.model().pretrained()) {
        TfliteModel tflite = TfliteModel.read(weights);
        for (Block stream : net.streams()) {
          TfliteImporter.load((MobileNetV2) stream, tflite);
        }
      }
      if (state.epochsDone() > 0 && Files.exists(run.checkpoint())) {
        RunDir.loadParameters(net, model.getNDManager(), run.checkpoint());
        err.printf("resuming after epoch %d of %d%n", state.epochsDone(), o.epochs());
      }
      boolean finished =
          state.epochsDone() >= o.epochs() || state.stale() >= o.patience() && o.patience() > 0;
      if (finished && !averagingDue(state)) {
        err.println("run already finished; nothing to do");
      } else {
        if (!finished && !o.freezeBackbone() && o.headWarmup() > 0 && state.epochsDone() == 0) {
          warmUpHead(model, net, priors);
        }
        List<TrainingListener> listeners = new ArrayList<>();
        Loop[] loop = new Loop[1];
        listeners.add(new ProgressListener(err));
        listeners.add(new MetricsCsvListener(run.history(), state.epochsDone()));
        listeners.add(new CheckpointListener(run, net, () -> loop[0].st));
        loop[0] = o.freezeBackbone()
            ? new HeadTraining(model, net, priors, listeners, o, state)
            : new FineTuning(model, net, priors, listeners, o, state);
        if (!finished) {
          loop[0].run();
        }
        if (averagingDue(loop[0].st)) {
          loop[0].averageWeights();
        }
        state = loop[0].st;
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    TrainResult result =
        new TrainResult(run.root(), state.epochsDone(), state.bestEpoch(), state.bestAccuracy(),
            state.bestAuroc(), seconds);
    run.writeJson(run.result(), result);
    return result;
  }

  /** Whether the run averages weights and has finished every epoch but not yet averaged them. */
  private boolean averagingDue(TrainState st) {
    return o.averagedEpochs() > 0 && st.epochsDone() >= o.epochs() && !st.averaged();
  }

  /**
   * Trains the heads alone on cached frozen features before fine-tuning ("linear probing, then
   * fine-tuning"): a random head would otherwise send large, meaningless gradients into the
   * pretrained streams in the first epochs and spoil them.
   */
  private void warmUpHead(Model model, FusionNet net, ManagementPriors priors) {
    err.printf("warming up the heads for %d epochs on frozen features%n", o.headWarmup());
    TrainOptions warm =
        o.with(true, o.headWarmup(), 32, 1e-3f, o.views()).toBuilder().averageLast(0).lrWarmup(0).build();
    new HeadTraining(model, net, priors, List.of(new ProgressListener(err)), warm, TrainState.fresh()).run();
  }

  /** Shared epoch bookkeeping: selection, early stopping, listeners. */
  private abstract class Loop {
    final Model model;
    final FusionNet net;
    final ManagementPriors priors;
    final List<TrainingListener> listeners;
    final MultiTaskLoss loss;
    final TrainOptions opt;
    TrainState st;

    Loop(Model model, FusionNet net, ManagementPriors priors, List<TrainingListener> listeners,
        TrainOptions opt, TrainState start) {
      this.model = model;
      this.net = net;
      this.priors = priors;
      this.listeners = listeners;
      this.opt = opt;
      this.st = start;
      this.loss = new MultiTaskLoss(opt.task().heads(), opt.headWeights(), classWeights(), opt.labelSmoothing());
    }

    abstract int batchesPerEpoch();

    /** Learning rate of the backbone streams relative to the heads' (1 = the same). */
    float backboneLearningRateScale() {
      return 1f;
    }

    /** The learning rate over the run: linear warm-up, then cosine decay to 1% of {@code base}. */
    Tracker schedule(float base, int total, int batches) {
      return new WarmCosine(base, total, opt.lrWarmup() * batches);
    }

    /** The run's optimizer on the {@link #schedule}. */
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

    /** Trains one epoch and returns the mean loss. */
    abstract double trainEpoch(Trainer trainer, int epoch);

    abstract List<CasePrediction> predictSelect();

    abstract Block trainedBlock();

    abstract Shape[] trainedInputShapes();

    void run() {
      int batches = batchesPerEpoch();
      int total = opt.epochs() * batches;
      Optimizer optimizer = optimizer(opt.learningRate(), total, batches);
      float scale = backboneLearningRateScale();
      if (scale != 1f) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Block stream : net.streams()) {
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
            double meanLoss = trainEpoch(trainer, epoch);
            SelectionMetrics.Score score =
                SelectionMetrics.score(opt.task(), predictSelect(), priors);
            double key = "auroc".equals(opt.selectBy()) ? score.macroAuroc() : score.accuracy();
            double tie = "auroc".equals(opt.selectBy()) ? score.accuracy() : score.macroAuroc();
            boolean best =
                key > st.bestScore()
                    || (key == st.bestScore() && tie > ("auroc".equals(opt.selectBy()) ? st.bestAccuracy() : st.bestAuroc()));
            st =
                best
                    ? new TrainState(epoch, epoch, key, score.accuracy(), score.macroAuroc(), 0, false)
                    : new TrainState(epoch, st.bestEpoch(), st.bestScore(), st.bestAccuracy(),
                        st.bestAuroc(), st.stale() + 1, false);
            EpochResult r =
                new EpochResult(epoch, meanLoss, score.accuracy(), score.macroAuroc(),
                    lr.getNewValue(epoch * batches), (System.nanoTime() - t0) / 1e9, best);
            if (opt.averagedEpochs() > 0 && epoch > opt.epochs() - opt.averagedEpochs()) {
              // Before the listeners: the state they write says this epoch is done.
              run.saveParameters(net, run.epochParameters(epoch));
            }
            for (TrainingListener l : listeners) {
              l.onEpochEnd(r);
            }
            if (opt.patience() > 0 && st.stale() >= opt.patience()) {
              err.printf("early stop: no improvement in %d epochs%n", opt.patience());
              break;
            }
          }
        }
      }
      for (TrainingListener l : listeners) {
        l.onTrainingEnd();
      }
    }

    /**
     * Replaces the selected epoch by the mean of the weights of the last {@code averageLast}
     * epochs (stochastic weight averaging, Izmailov et al. 2018): the mean of points along the
     * end of the schedule tends to sit in a flatter, better-generalising region than any one of
     * them, and it is not picked on the selection split, so its score there is not inflated by
     * the pick. The network has no batch norm, so no statistics need recomputing.
     */
    void averageWeights() {
      int from = opt.epochs() - opt.averagedEpochs() + 1;
      List<Path> files = new ArrayList<>();
      for (int e = from; e <= opt.epochs(); e++) {
        files.add(run.epochParameters(e));
      }
      WeightAverage.load(net, model.getNDManager(), files);
      run.saveParameters(net, run.model());
      SelectionMetrics.Score score = SelectionMetrics.score(opt.task(), predictSelect(), priors);
      double key = "auroc".equals(opt.selectBy()) ? score.macroAuroc() : score.accuracy();
      st = new TrainState(st.epochsDone(), st.epochsDone(), key, score.accuracy(), score.macroAuroc(), st.stale(), true);
      run.writeJson(run.state(), st);
      err.printf("model: weights of epochs %d-%d averaged; selection accuracy %.4f, macro AUROC %.4f%n",
          from, opt.epochs(), score.accuracy(), score.macroAuroc());
      for (int e = from; e <= opt.epochs(); e++) {
        try {
          Files.deleteIfExists(run.epochParameters(e));
        } catch (IOException ex) {
          err.println("could not delete " + run.epochParameters(e) + ": " + ex.getMessage());
        }
      }
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

  /** Fine-tuning: every parameter trains, on freshly augmented images each epoch. */
  private final class FineTuning extends Loop {
    private final ImagePipeline pipeline;

    FineTuning(Model model, FusionNet net, ManagementPriors priors, List<TrainingListener> listeners,
        TrainOptions opt, TrainState start) {
      super(model, net, priors, listeners, opt, start);
      this.pipeline = config.preprocessing().pipeline().build();
    }

    @Override
    int batchesPerEpoch() {
      return limited((data.train().size() + opt.batchSize() - 1) / opt.batchSize());
    }

    @Override
    Block trainedBlock() {
      return net;
    }

    @Override
    float backboneLearningRateScale() {
      return opt.backboneLrScale();
    }

    @Override
    Shape[] trainedInputShapes() {
      return net.inputShapes(opt.batchSize());
    }

    @Override
    double trainEpoch(Trainer trainer, int epoch) {
      List<LesionCase> order = new ArrayList<>(data.train());
      Collections.shuffle(order, new Random(Seeds.mix(opt.seed(), epoch)));
      order = order.subList(0, Math.min(order.size(), batchesPerEpoch() * opt.batchSize()));
      double sum = 0;
      int n = 0;
      Mixup mixup = opt.mixup() > 0 ? new Mixup(opt.mixup(), Seeds.mix(opt.seed(), epoch, 2)) : null;
      try (BatchLoader loader = new BatchLoader(data.release(), pipeline, opt.inputs(), opt.imageSize())) {
        for (CaseBatch batch : loader.batches(order, opt.batchSize(), Seeds.mix(opt.seed(), epoch, 1))) {
          try (NDManager m = trainer.getManager().newSubManager()) {
            NDList y = CaseBatch.labels(m, opt.task(), batch.cases());
            double l;
            if (mixup == null) {
              l = step(trainer, batch.inputs(m, opt.inputs()), y);
            } else {
              Mixup.Draw draw = mixup.draw(batch.size());
              NDList partnerY = CaseBatch.labels(m, opt.task(), draw.partners(batch.cases()));
              float lambda = draw.lambda();
              l = step(trainer, batch.mixWith(draw.partner(), lambda).inputs(m, opt.inputs()),
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
    List<CasePrediction> predictSelect() {
      try (BatchLoader loader = new BatchLoader(data.release(), pipeline, opt.inputs(), opt.imageSize())) {
        // Selection sees the plain view only: test-time augmentation multiplies the cost of every
        // epoch's evaluation and rarely changes which epoch is best.
        return ModelRunner.predict(List.of(net), model.getNDManager(), loader, data.select(), opt.batchSize(), 0, null);
      }
    }
  }

  /** Frozen backbone: heads trained on cached pooled features of augmented views. */
  private final class HeadTraining extends Loop {
    private final List<FeatureCache> streamCaches = new ArrayList<>();
    private final int fused;

    HeadTraining(Model model, FusionNet net, ManagementPriors priors, List<TrainingListener> listeners,
        TrainOptions opt, TrainState start) {
      super(model, net, priors, listeners, opt, start);
      this.fused = net.fusedSize();
      ImagePipeline pipeline = config.preprocessing().pipeline().build();
      List<LesionCase> all = new ArrayList<>(data.train());
      all.addAll(data.select());
      List<Block> streams = net.streams();
      Inputs in = opt.inputs();
      int views = Math.max(opt.views(), opt.tta());
      for (int s = 0; s < streams.size(); s++) {
        boolean clinicStream = in.clinic() && s == 0;
        LinkedHashSet<String> images = new LinkedHashSet<>();
        for (LesionCase c : all) {
          // A shared or pretrained backbone is the same function for both images: one cache.
          if (streams.size() == 1) {
            if (in.clinic()) images.add(c.clinic());
            if (in.derm()) images.add(c.derm());
          } else {
            images.add(clinicStream ? c.clinic() : c.derm());
          }
        }
        FeatureCache cache = new FeatureCache(featureCacheRoot, fingerprint(s));
        try (ProgressBar bar =
            new ProgressBarBuilder()
                .setTaskName("features " + (s + 1) + "/" + streams.size())
                .setInitialMax((long) images.size() * (views + 1))
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .build()) {
          cache.compute(new ArrayList<>(images), views, streams.get(s), pipeline, data.release(),
              model.getNDManager(), bar::stepBy);
        }
        streamCaches.add(cache);
      }
    }

    private String fingerprint(int stream) {
      String prep = "s" + opt.imageSize() + "-c" + opt.borderCrop();
      if (config.model().pretrained()) {
        Object sha = config.provenance().get("backbone_sha256");
        return "mnv2-" + String.valueOf(sha).substring(0, Math.min(12, String.valueOf(sha).length())) + "-" + prep;
      }
      return "tiny-seed" + opt.seed() + "-stream" + stream + "-" + prep;
    }

    private float[] fusedFeatures(LesionCase c, int view) {
      float[] out = new float[fused];
      int at = 0;
      Inputs in = opt.inputs();
      if (in.clinic()) {
        float[] f = streamCaches.get(0).get(c.clinic(), view);
        System.arraycopy(f, 0, out, at, f.length);
        at += f.length;
      }
      if (in.derm()) {
        float[] f = streamCaches.get(streamCaches.size() - 1).get(c.derm(), view);
        System.arraycopy(f, 0, out, at, f.length);
        at += f.length;
      }
      if (in.meta()) {
        System.arraycopy(MetadataEncoder.encode(c), 0, out, at, MetadataEncoder.SIZE);
      }
      return out;
    }

    @Override
    int batchesPerEpoch() {
      return limited((data.train().size() + opt.batchSize() - 1) / opt.batchSize());
    }

    @Override
    Block trainedBlock() {
      return net.head();
    }

    @Override
    Shape[] trainedInputShapes() {
      return new Shape[] {new Shape(opt.batchSize(), fused)};
    }

    @Override
    double trainEpoch(Trainer trainer, int epoch) {
      List<LesionCase> order = new ArrayList<>(data.train());
      Random rng = new Random(Seeds.mix(opt.seed(), epoch));
      Collections.shuffle(order, rng);
      double sum = 0;
      int batches = batchesPerEpoch();
      for (int b = 0; b < batches; b++) {
        List<LesionCase> slice = order.subList(b * opt.batchSize(), Math.min(order.size(), (b + 1) * opt.batchSize()));
        float[] x = new float[slice.size() * fused];
        for (int i = 0; i < slice.size(); i++) {
          System.arraycopy(fusedFeatures(slice.get(i), rng.nextInt(opt.views() + 1)), 0, x, i * fused, fused);
        }
        try (NDManager m = trainer.getManager().newSubManager()) {
          NDList in = new NDList(m.create(FloatBuffer.wrap(x), new Shape(slice.size(), fused)));
          double l = step(trainer, in, CaseBatch.labels(m, opt.task(), slice));
          sum += l;
          for (TrainingListener listener : listeners) {
            listener.onBatch(epoch, l);
          }
        }
      }
      return sum / Math.max(1, batches);
    }

    @Override
    List<CasePrediction> predictSelect() {
      return predictFeatures(data.select());
    }

    List<CasePrediction> predictFeatures(List<LesionCase> cases) {
      List<Task.Head> heads = opt.task().heads();
      List<CasePrediction> result = new ArrayList<>();
      try (NDManager m = model.getNDManager().newSubManager()) {
        double[][][] sums = new double[cases.size()][heads.size()][];
        for (int v = 0; v <= opt.tta(); v++) {
          float[] x = new float[cases.size() * fused];
          for (int i = 0; i < cases.size(); i++) {
            System.arraycopy(fusedFeatures(cases.get(i), v), 0, x, i * fused, fused);
          }
          NDList out =
              net.head().forward(new ParameterStore(m, false),
                  new NDList(m.create(FloatBuffer.wrap(x), new Shape(cases.size(), fused))), false);
          for (int h = 0; h < heads.size(); h++) {
            float[] p = out.get(h).softmax(1).toFloatArray();
            int k = heads.get(h).classes();
            for (int i = 0; i < cases.size(); i++) {
              if (sums[i][h] == null) {
                sums[i][h] = new double[k];
              }
              for (int c = 0; c < k; c++) {
                sums[i][h][c] += p[i * k + c] / (opt.tta() + 1);
              }
            }
          }
        }
        for (int i = 0; i < cases.size(); i++) {
          result.add(new CasePrediction(cases.get(i), List.of(sums[i])));
        }
      }
      return result;
    }
  }

  private float[][] classWeights() {
    if (!o.classBalanced()) {
      return null;
    }
    List<Task.Head> heads = o.task().heads();
    float[][] w = new float[heads.size()][];
    for (int h = 0; h < heads.size(); h++) {
      int[] labels = new int[data.train().size()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = CaseBatch.label(heads.get(h), data.train().get(i));
      }
      w[h] = MultiTaskLoss.balancedWeights(labels, heads.get(h).classes());
    }
    return w;
  }
}
