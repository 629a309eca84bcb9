package org.dermmgmt.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Split;
import org.dermmgmt.model.FusionConfig;
import org.dermmgmt.model.Inputs;
import org.dermmgmt.model.Preprocessing;
import org.dermmgmt.model.Task;

/**
 * Every option of a training run. Written to the run's config.json so a run can be audited,
 * resumed and repeated. The defaults in {@link #defaults} are the best configuration measured on
 * Derm7pt's validation split (see BENCHMARKS.md): the held-out test is evaluated with them.
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
    float backboneLrScale) {

  public TrainOptions {
    if (ensemble == 0) {
      ensemble = 1;
    }
    if (backboneLrScale == 0f) {
      backboneLrScale = 1f;
    }
    if (!(backboneLrScale > 0) || Float.isInfinite(backboneLrScale)) {
      throw new UserInputException("--backbone-lr-scale must be a finite number > 0, got " + backboneLrScale);
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

  public FusionConfig fusionConfig() {
    return new FusionConfig(
        task, inputs, backbone, 1.0f, imageSize, sharedStreams, headHidden, dropout);
  }

  public Preprocessing preprocessing() {
    return new Preprocessing(imageSize, borderCrop);
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

  /** The measured-best configuration; see BENCHMARKS.md for the experiments behind each value. */
  public static TrainOptions defaults(Task task) {
    return new TrainOptions(
        task,
        Inputs.ALL,
        12,
        16,
        1e-4f,
        1e-4f,
        "adam",
        42L,
        false,
        List.of(Split.TRAIN),
        Split.VALID,
        224,
        25,
        false,
        Map.of(),
        0,
        0.3f,
        false,
        FusionConfig.MOBILENET_V2,
        null,
        4,
        4,
        "accuracy",
        0,
        30,
        1,
        1f);
  }

  /**
   * The frozen-backbone configuration: pooled features cached per image and augmentation view,
   * only the heads trained. Seconds per run once the features are cached.
   */
  public static TrainOptions frozen(Task task) {
    TrainOptions d = defaults(task);
    return d.with(true, 60, 32, 1e-3f, 4).withEnsemble(1);
  }

  /** A reduced frozen-backbone run that finishes in minutes on 2 cores (reproduce --quick). */
  public static TrainOptions quick(Task task) {
    return frozen(task).with(true, 30, 32, 1e-3f, 2).withTta(2);
  }

  /** A copy with another number of test-time augmentation views. */
  public TrainOptions withTta(int views) {
    return new TrainOptions(task, inputs, epochs, batchSize, learningRate, weightDecay, optimizer, seed,
        freezeBackbone, trainSplits, selectSplit, imageSize, borderCrop, classBalanced, taskWeights,
        headHidden, dropout, sharedStreams, backbone, limit, this.views, views, selectBy, patience,
        headWarmup, ensemble, backboneLrScale);
  }

  /** A copy with another ensemble size. */
  public TrainOptions withEnsemble(int members) {
    return new TrainOptions(task, inputs, epochs, batchSize, learningRate, weightDecay, optimizer, seed,
        freezeBackbone, trainSplits, selectSplit, imageSize, borderCrop, classBalanced, taskWeights,
        headHidden, dropout, sharedStreams, backbone, limit, views, tta, selectBy, patience,
        headWarmup, members, backboneLrScale);
  }

  /**
   * The options of ensemble member {@code i} (1-based): a single model with seed {@code seed + i -
   * 1}, so member 1 is exactly the run a single-model training would make.
   */
  public TrainOptions member(int i) {
    return new TrainOptions(task, inputs, epochs, batchSize, learningRate, weightDecay, optimizer,
        seed + i - 1, freezeBackbone, trainSplits, selectSplit, imageSize, borderCrop, classBalanced,
        taskWeights, headHidden, dropout, sharedStreams, backbone, limit, views, tta, selectBy,
        patience, headWarmup, 1, backboneLrScale);
  }

  /** A copy with another training mode, epochs, batch size, learning rate and view count. */
  public TrainOptions with(boolean freeze, int epochs, int batchSize, float lr, int views) {
    return new TrainOptions(task, inputs, epochs, batchSize, lr, weightDecay, optimizer, seed, freeze,
        trainSplits, selectSplit, imageSize, borderCrop, classBalanced, taskWeights, headHidden,
        dropout, sharedStreams, backbone, limit, views, tta, selectBy, patience, headWarmup, ensemble, backboneLrScale);
  }

  public static Path defaultRunDir(Task task, Inputs inputs) {
    return Path.of("runs", task.cliName() + "-" + inputs);
  }
}
