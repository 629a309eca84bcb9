package org.dermmgmt.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.eval.ManagementPriors;
import org.dermmgmt.infer.RunDir;
import org.dermmgmt.model.FusionNet;
import org.dermmgmt.model.backbone.Backbone;

/**
 * The life of one training run: create or resume its directory, build the network (importing the
 * backbone's pretrained weights), warm the heads up, run the epoch loop of its mode (fine-tuning
 * or frozen heads) with its listeners, average the last epochs' weights, write the result.
 */
public final class FusionTrainer {
  /** DJL draws initial weights from the engine's one global generator: one run seeds and uses it at a time. */
  private static final Object ENGINE_SEED = new Object();

  private final RunConfig config;
  private final TrainOptions o;
  private final TrainingData data;
  private final RunDir run;
  private final Path weights;
  private final Path featureCacheRoot;
  private final PrintStream err;

  /**
   * @param weights the backbone's weights (null for a backbone without pretrained weights)
   * @param featureCacheRoot where the frozen-backbone mode keeps its features
   */
  public FusionTrainer(
      RunConfig config, TrainingData data, RunDir run, Path weights, Path featureCacheRoot, PrintStream err) {
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
    TrainState state =
        resume && Files.exists(run.state()) ? run.readJson(run.state(), TrainState.class) : TrainState.fresh();
    if (!resume) {
      run.writeJson(run.config(), config);
    }
    ManagementPriors priors = EvaluatedCases.writePriors(data.train(), run.priors());
    try (Model model = Model.newInstance("dermmgmt")) {
      FusionNet net = build(model);
      if (state.epochsDone() > 0 && Files.exists(run.checkpoint())) {
        RunDir.loadParameters(net, model.getNDManager(), run.checkpoint());
        err.printf("resuming after epoch %d of %d%n", state.epochsDone(), o.epochs());
      }
      EpochLoop.Context ctx = new EpochLoop.Context(model, net, priors, data, run, err);
      boolean finished =
          state.epochsDone() >= o.epochs() || state.stale() >= o.patience() && o.patience() > 0;
      if (finished && !averagingDue(state)) {
        err.println("run already finished; nothing to do");
      } else {
        if (!finished && !o.freezeBackbone() && config.headWarmup().epochs() > 0 && state.epochsDone() == 0) {
          warmUpHead(ctx);
        }
        List<TrainingListener> listeners = new ArrayList<>();
        EpochLoop[] loop = new EpochLoop[1];
        listeners.add(new ProgressListener(err));
        listeners.add(new MetricsCsvListener(run.history(), state.epochsDone()));
        listeners.add(new CheckpointListener(run, net, () -> loop[0].st));
        loop[0] = loop(ctx, listeners, o, state);
        if (!finished) {
          loop[0].run();
        }
        if (averagingDue(loop[0].st)) {
          loop[0].st = WeightAveraging.apply(loop[0]);
        }
        state = loop[0].st;
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    TrainResult result = new TrainResult(run.root(), state.epochsDone(), state.bestEpoch(), state.bestAccuracy(),
        state.bestAuroc(), seconds, WeightAveraging.describe(o, state));
    run.writeJson(run.result(), result);
    return result;
  }

  /** The network with its pretrained weights, initialised from the run's seed. */
  private FusionNet build(Model model) {
    FusionNet net = new FusionNet(config.model());
    net.trainIn(o.resolvedPrecision()); // bf16: mixed-precision fine-tuning of the streams
    model.setBlock(net);
    synchronized (ENGINE_SEED) {
      Engine.getInstance().setRandomSeed((int) o.seed());
      net.initialize(model.getNDManager(), DataType.FLOAT32, net.inputShapes(1));
    }
    Backbone backbone = config.model().backboneImpl();
    if (backbone.pretrained()) {
      for (Block stream : net.streams()) {
        backbone.importWeights(stream, weights);
      }
    }
    if (config.initFrom() != null) {
      Object member = config.provenance().get("ensemble_member");
      WeightTransfer.apply(net, Path.of(config.initFrom().run()), member instanceof Number n ? n.intValue() : 1, err);
    }
    // After the import, so that frozen stages keep the pretrained values (--freeze-stages).
    if (o.freezeStages() > 0) {
      for (Block stream : net.streams()) {
        backbone.freezeStages(stream, o.freezeStages());
      }
    }
    return net;
  }

  private EpochLoop loop(EpochLoop.Context ctx, List<TrainingListener> listeners, TrainOptions opt, TrainState st) {
    ImagePipeline pipeline = config.preprocessing().pipeline().build();
    if (!opt.freezeBackbone()) {
      return new FineTuning(ctx, listeners, opt, st, pipeline, config.selection());
    }
    List<LesionCase> all = new ArrayList<>(data.train());
    all.addAll(data.select());
    FrozenFeatures features = new FrozenFeatures(ctx.net(), data.source(), all, pipeline, config.inference(),
        Math.max(opt.views(), config.selection().views()),
        streamWeightsKey(), opt.seed(), config.preprocessing().fingerprint(),
        featureCacheRoot, ctx.model().getNDManager(), err, o.freezeBackbone());
    return new HeadTraining(ctx, listeners, opt, st, features, config.selection());
  }

  /**
   * What the streams' starting weights are, for the feature cache's key: the pretrained backbone's
   * sha256, plus the source run and member when the run starts from one (its streams differ).
   */
  private String streamWeightsKey() {
    String key = (String) config.provenance().get("backbone_sha256");
    if (config.initFrom() != null) {
      key += "+init:" + config.initFrom().configSha256() + "/" + config.provenance().getOrDefault("ensemble_member", 1);
    }
    return key;
  }

  /** Whether the run averages weights and has finished every epoch but not yet averaged them. */
  private boolean averagingDue(TrainState st) {
    return o.averagedEpochs() > 0 && st.epochsDone() >= o.epochs() && !st.averaged();
  }

  /**
   * Trains the heads alone on cached frozen features before fine-tuning ("linear probing, then
   * fine-tuning"): a random head would otherwise send large, meaningless gradients into the
   * pretrained streams in the first epochs and spoil them. Its settings are the run's record.
   */
  private void warmUpHead(EpochLoop.Context ctx) {
    RunConfig.HeadWarmup w = config.headWarmup();
    err.printf("warming up the heads for %d epochs on frozen features%n", w.epochs());
    TrainOptions warm = o.toBuilder().freezeBackbone(true).freezeStages(0).epochs(w.epochs()).batchSize(w.batchSize())
        .learningRate(w.learningRate()).averageLast(0).lrWarmup(0).build();
    loop(ctx, List.of(new ProgressListener(err)), warm, TrainState.fresh()).run();
  }
}
