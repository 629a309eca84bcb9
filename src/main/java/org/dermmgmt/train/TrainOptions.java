package org.dermmgmt.train;

import org.dermmgmt.infer.RunDir;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Split;
import org.dermmgmt.data.image.Augmentation;
import org.dermmgmt.data.image.ColorConstancy;
import org.dermmgmt.infer.InferenceSpec;
import org.dermmgmt.model.FusionConfig;
import org.dermmgmt.model.backbone.Backbones;
import org.dermmgmt.model.Inputs;
import org.dermmgmt.model.Preprocessing;
import org.dermmgmt.model.Task;
import org.dermmgmt.model.script.Precision;

/**
 * Every option of a training run. Written to the run's config.json so a run can be audited,
 * resumed and repeated. The defaults ({@link TrainPresets#defaults}) are the best configuration
 * measured on Derm7pt (see BENCHMARKS.md): the held-out test is evaluated with them.
 *
 * @param limit at most this many batches per epoch (null = all); lets CI run in seconds
 * @param views augmented views cached per image in frozen-backbone mode (plus the plain view)
 * @param tta augmented views averaged with the plain view when the run is evaluated (0 = none);
 *     epoch selection of fine-tuning uses the plain view
 * @param selectBy model selection metric on the selection split: accuracy or auroc
 * @param patience stop after this many epochs without improvement (0 = never stop early)
 * @param headWarmup epochs of head-only training on frozen features before fine-tuning (0 = none)
 * @param ensemble models trained with seeds seed, seed+1, ... whose probabilities are averaged (1 =
 *     a single model; 0 in a config.json written before this option means 1)
 * @param backboneLrScale learning rate of the pretrained streams relative to --lr (fine-tuning
 *     only; 0 in an older config.json means 1)
 * @param labelSmoothing share ε of each training target spread over all classes (0 = hard labels,
 *     also what an older config.json without it means)
 * @param mixup α of the Beta(α, α) mixing weight of mixup in fine-tuning: each batch is blended
 *     with a shuffled copy of itself, images, metadata and loss alike (0 = off, also what an older
 *     config.json means)
 * @param averageLast the model is the mean of the weights of the last this-many epochs (at most
 *     all of them) instead of the epoch selected on the selection split (0 = select; also what an
 *     older config.json means)
 * @param lrWarmup epochs over which the learning rate ramps up linearly from near zero before the
 *     cosine decay (0 = none; also what an older config.json means)
 * @param freezeStages fine-tuning: the first this-many of the backbone's stages (stem first) keep
 *     their imported weights (0 = train all; also what an older config.json means)
 * @param precision the arithmetic of the backbone streams, in fine-tuning (bf16: mixed precision)
 *     and in the run's feature extraction and evaluations: auto, fp32 or bf16 as given, resolved for
 *     the machine before a run starts ({@link #resolvedPrecision}); null in an older config.json
 *     means fp32
 * @param colorConstancy none or shades-of-gray (each photo's colour cast removed before its views
 *     are made); null in an older config.json means none
 * @param parts a mixed run's parts, each the complete options of one backbone's model, whose
 *     probabilities are averaged with equal weight ({@link MixedTrainer}); the mixed run's own
 *     fields are its first part's. Empty for a run of one backbone (and in an older config.json)
 */
public record TrainOptions(
    Task task,
    Inputs inputs,
    int epochs,
    int batchSize,
    float learningRate,
    float weightDecay,
    String optimizer,
    long seed,
    boolean freezeBackbone,
    List<Split> trainSplits,
    Split selectSplit,
    int imageSize,
    int borderCrop,
    boolean classBalanced,
    Map<String, Float> taskWeights,
    int headHidden,
    float dropout,
    boolean sharedStreams,
    String backbone,
    Integer limit,
    int views,
    int tta,
    String selectBy,
    int patience,
    int headWarmup,
    int ensemble,
    float backboneLrScale,
    float labelSmoothing,
    float mixup,
    int averageLast,
    int lrWarmup,
    int freezeStages,
    String precision,
    String colorConstancy,
    List<TrainOptions> parts) {

  /** Joins the backbones of a mixed run in {@code --backbone} (e.g. {@code resnet50+mobilenet_v2}). */
  public static final String MIX_SEPARATOR = "+";

  public TrainOptions {
    parts = parts == null ? List.of() : List.copyOf(parts);
    checkParts(parts);
    if (!parts.isEmpty() && (parts.get(0).task() != task || !parts.get(0).inputs().equals(inputs))) {
      throw new IllegalArgumentException("a mixed run's task and inputs are its parts' (change them with eachPart)");
    }
    precision = precision == null ? Precision.FP32.label() : precision;
    Precision.checkChoice(precision, "--precision"); // the CPU is asked when a run starts, not when a config is read
    colorConstancy = ColorConstancy.parse(colorConstancy).label();
    if (ensemble == 0) {
      ensemble = 1;
    }
    if (backboneLrScale == 0f) {
      backboneLrScale = 1f;
    }
    if (!(backboneLrScale > 0) || Float.isInfinite(backboneLrScale)) {
      throw new UserInputException("--backbone-lr-scale must be a finite number > 0, got " + backboneLrScale);
    }
    if (!(labelSmoothing >= 0f && labelSmoothing < 1f)) {
      throw new UserInputException("--label-smoothing must be in [0, 1), got " + labelSmoothing);
    }
    if (!(mixup >= 0f) || Float.isInfinite(mixup)) {
      throw new UserInputException("--mixup must be a finite number >= 0, got " + mixup);
    }
    if (lrWarmup < 0) {
      throw new UserInputException("--lr-warmup must be >= 0, got " + lrWarmup);
    }
    if (freezeStages != 0) {
      checkFreezeStages(freezeStages, backbone, freezeBackbone);
    }
    if (averageLast < 0) {
      throw new UserInputException("--average-last must be >= 0, got " + averageLast);
    }
    if (epochs < 1) {
      throw new UserInputException("--epochs must be >= 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new UserInputException("--batch-size must be >= 1, got " + batchSize);
    }
    if (!(learningRate > 0)) {
      throw new UserInputException("--lr must be > 0, got " + learningRate);
    }
    if (!"adam".equals(optimizer) && !"sgd".equals(optimizer)) {
      throw new UserInputException("--optimizer must be adam or sgd, got '" + optimizer + "'");
    }
    if (!"accuracy".equals(selectBy) && !"auroc".equals(selectBy)) {
      throw new UserInputException("--select-by must be accuracy or auroc, got '" + selectBy + "'");
    }
    if (limit != null && limit < 1) {
      throw new UserInputException("--limit must be >= 1, got " + limit);
    }
    if (trainSplits.isEmpty()) {
      throw new UserInputException("--train-splits names no split");
    }
    if (ensemble < 1) {
      throw new UserInputException("--ensemble must be >= 1, got " + ensemble);
    }
    if (views < 0 || tta < 0 || patience < 0 || headWarmup < 0) {
      throw new UserInputException("--views, --tta, --patience and --head-warmup must be >= 0");
    }
    taskWeights = Map.copyOf(taskWeights);
    trainSplits = List.copyOf(trainSplits);
  }

  private static void checkParts(List<TrainOptions> parts) {
    if (parts.size() == 1) {
      throw new UserInputException("a mixed run needs at least two parts, got one");
    }
    for (TrainOptions p : parts) {
      if (p.mixed()) {
        throw new UserInputException("a part of a mixed run cannot itself be mixed");
      }
      if (p.task() != parts.get(0).task() || !p.inputs().equals(parts.get(0).inputs())) {
        throw new UserInputException("the parts of a mixed run must share task and inputs, got "
            + parts.get(0).task().cliName() + "/" + parts.get(0).inputs() + " and " + p.task().cliName() + "/" + p.inputs());
      }
    }
  }

  /**
   * A run averaging models of several backbones, each trained with its own options: the first
   * part's fields stand for the run where one value is asked for (task, inputs, seed, image size).
   */
  public static TrainOptions ofParts(List<TrainOptions> parts) {
    if (parts.size() < 2) {
      throw new UserInputException("a mixed run needs at least two parts, got " + parts.size());
    }
    return parts.get(0).toBuilder().parts(parts).build();
  }

  /** Whether this run averages models of several backbones ({@link #parts}). */
  public boolean mixed() {
    return !parts.isEmpty();
  }

  /** {@code change} applied to these options, or to each part of a mixed run. */
  public TrainOptions eachPart(java.util.function.UnaryOperator<TrainOptions> change) {
    return mixed() ? ofParts(parts.stream().map(change).toList()) : change.apply(this);
  }

  /** The one-backbone options the run trains: its parts, or itself. */
  public List<TrainOptions> partsOrSelf() {
    return mixed() ? parts : List.of(this);
  }

  /** The backbone names of the run: its own, or its parts' joined by {@value #MIX_SEPARATOR}. */
  public String backboneLabel() {
    return mixed() ? String.join(MIX_SEPARATOR, parts.stream().map(TrainOptions::backbone).toList()) : backbone;
  }

  private static void checkFreezeStages(int k, String backbone, boolean freezeBackbone) {
    if (k < 0) {
      throw new UserInputException("--freeze-stages must be >= 0, got " + k);
    }
    if (freezeBackbone) {
      throw new UserInputException("--freeze-stages is for fine-tuning; --freeze-backbone already freezes every stage");
    }
    org.dermmgmt.model.backbone.Backbone b = Backbones.byName(backbone);
    if (!b.freezableStages()) {
      throw new UserInputException("--freeze-stages: backbone '" + backbone + "' has no freezable stages");
    }
    if (k > b.stages().size()) {
      throw new UserInputException("--freeze-stages must be in 0.." + b.stages().size() + " for " + backbone
          + " (" + String.join(", ", b.stages()) + "), got " + k);
    }
  }

  /** The precision this machine runs the options' {@code precision} in. */
  public Precision resolvedPrecision() {
    return Precision.resolve(precision, "--precision");
  }

  /** The same options with {@code precision} resolved for this machine (what a run records). */
  public TrainOptions withResolvedPrecision() {
    return eachPart(o -> o.toBuilder().precision(o.resolvedPrecision().label()).build());
  }

  /** How many final epochs the model averages: --average-last, at most --epochs (0 = none). */
  public int averagedEpochs() {
    return Math.min(averageLast, epochs);
  }

  public FusionConfig fusionConfig() {
    return new FusionConfig(
        task, inputs, backbone, 1.0f, imageSize, sharedStreams, headHidden, dropout);
  }

  public Preprocessing preprocessing() {
    return new Preprocessing(imageSize, borderCrop, fusionConfig().backboneImpl().normalization(),
        Augmentation.defaults(), ColorConstancy.parse(colorConstancy));
  }

  /** How evaluate, predict and the service apply the trained model: the plain view and --tta views. */
  public InferenceSpec inferenceSpec() {
    return InferenceSpec.of(tta);
  }

  /**
   * How epochs are scored on the selection cases: fine-tuning uses the plain view (test-time views
   * would multiply every epoch's cost and rarely change which epoch wins); the frozen mode has
   * its views cached and averages the same views as evaluation.
   */
  public InferenceSpec selectionSpec() {
    InferenceSpec s = freezeBackbone ? inferenceSpec() : InferenceSpec.of(0);
    return new InferenceSpec(s.views(), s.seed(), s.keying(), batchSize);
  }

  /** The head warm-up before fine-tuning: linear probing on frozen features (BENCHMARKS.md run 4). */
  public RunConfig.HeadWarmup headWarmupSettings() {
    return new RunConfig.HeadWarmup(headWarmup, 32, 1e-3f);
  }

  /** The weight of each head of the task, in head order; unnamed heads weigh 1. */
  public float[] headWeights() {
    List<Task.Head> heads = task.heads();
    float[] w = new float[heads.size()];
    for (int i = 0; i < w.length; i++) {
      String name = heads.get(i).name();
      Float given = taskWeights.get(name);
      if (given == null && !name.equals(Task.MANAGEMENT) && !name.equals(Task.DIAGNOSIS)) {
        given = taskWeights.get("criteria");
      }
      w[i] = given == null ? 1f : given;
    }
    return w;
  }

  /** Ensemble member {@code i} (1-based): seed + i - 1, trained as a single model. */
  public TrainOptions member(int i) {
    return toBuilder().seed(seed + i - 1).ensemble(1).build();
  }

  public TrainOptionsBuilder toBuilder() {
    return new TrainOptionsBuilder(this);
  }

  public static Path defaultRunDir(Task task, Inputs inputs) {
    return Path.of("runs", task.cliName() + "-" + inputs);
  }
}
