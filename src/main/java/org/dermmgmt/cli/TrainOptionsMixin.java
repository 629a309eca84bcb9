package org.dermmgmt.cli;

import org.dermmgmt.UserInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dermmgmt.data.Split;
import org.dermmgmt.model.Inputs;
import org.dermmgmt.model.Task;
import org.dermmgmt.model.script.Precision;
import org.dermmgmt.train.MixedWeights;
import org.dermmgmt.train.TrainOptions;
import org.dermmgmt.train.TrainPresets;
import org.dermmgmt.train.TrainOptionsBuilder;
import picocli.CommandLine.Option;

/**
 * The training options shared by train, crossval and reproduce. An option left unset takes the
 * value of {@link TrainPresets#defaults} for the chosen backbone, the configuration measured best
 * (BENCHMARKS.md).
 */
public final class TrainOptionsMixin {
  @Option(names = "--epochs", description = "Fine-tuning epochs (head-only epochs in frozen mode).") Integer epochs;
  @Option(names = "--batch-size", description = "Cases per training step.") Integer batchSize;
  @Option(names = "--lr", description = "Base learning rate (cosine decay to 1%% of it).") Float lr;
  @Option(names = "--weight-decay", description = "L2 weight decay of the optimiser.") Float weightDecay;
  @Option(names = "--optimizer", description = "adam or sgd.") String optimizer;
  @Option(names = "--seed", description = "Seeds initialisation, shuffling and augmentation (default 42).") Long seed;

  @Option(names = "--freeze-backbone", negatable = true,
      description = "Fast mode: cache pooled backbone features per image and view, train only the heads.")
  Boolean freezeBackbone;

  @Option(names = "--train-splits", description = "Comma-separated splits to train on (default train).")
  String trainSplits;

  @Option(names = "--select-split", description = "Split for model selection (default valid).")
  String selectSplit;

  @Option(names = "--image-size", description = "Side in pixels of the square network input.") Integer imageSize;
  @Option(names = "--border-crop", description = "Pixels cropped from each border before resizing.") Integer borderCrop;

  @Option(names = "--class-balance", negatable = true, description = "Inverse-frequency class weights in the loss.")
  Boolean classBalance;

  @Option(names = "--task-weight", description = "Head weight, e.g. management=1 diagnosis=0.5 criteria=0.3.")
  Map<String, Float> taskWeights;

  @Option(names = "--head-hidden", description = "Hidden units before the heads (0 = linear heads).") Integer headHidden;
  @Option(names = "--dropout", description = "Dropout before the heads.") Float dropout;
  @Option(names = "--shared-streams", negatable = true, description = "One backbone for both images.") Boolean shared;

  @Option(names = "--backbone",
      description = "resnet50+mobilenet_v2 (default: each part trained from its own preset, probabilities averaged),"
          + " resnet50 or mobilenet_v2 (pretrained; each starts from its own measured preset), tiny or tiny_resnet"
          + " (random, for tests); a+b mixes any two. --freeze-backbone defaults to mobilenet_v2.")
  String backbone;

  @Option(names = "--weights",
      description = "The backbone's weights file or folder (else --weights-dir, $DERMMGMT_WEIGHTS_DIR, the cache, or download).")
  Path weights;

  @Option(names = "--weights-dir", paramLabel = "DIR",
      description = "Folder holding each backbone's weights under its published name (mobilenet_v2_1.0_224_quant.tflite, resnet50_imagenet_tfjs/).")
  Path weightsDir;

  @Option(names = "--freeze-stages", paramLabel = "K",
      description = "Fine-tuning: keep the first K backbone stages (stem first) at their pretrained weights (resnet50; 0 = train all).")
  Integer freezeStages;

  @Option(names = "--limit", description = "At most N batches per epoch (quick runs).") Integer limit;
  @Option(names = "--views", description = "Augmented views cached per image in frozen mode.") Integer views;
  @Option(names = "--tta", description = "Augmented views averaged at evaluation.") Integer tta;
  @Option(names = "--select-by", description = "accuracy or auroc.") String selectBy;
  @Option(names = "--patience", description = "Early stopping patience in epochs (0 = off).") Integer patience;
  @Option(names = "--head-warmup", description = "Epochs of head-only training on frozen features before fine-tuning.") Integer headWarmup;

  @Option(names = "--ensemble", paramLabel = "K",
      description = "Train K models (seeds seed, seed+1, ...) and average their probabilities.")
  Integer ensemble;

  @Option(names = "--backbone-lr-scale", paramLabel = "F",
      description = "Fine-tuning: the streams' learning rate is --lr times F (heads use --lr).")
  Float backboneLrScale;

  @Option(names = "--label-smoothing", paramLabel = "EPS",
      description = "Share of each training target spread over all classes (0 = hard labels).")
  Float labelSmoothing;

  @Option(names = "--mixup", paramLabel = "ALPHA",
      description = "Mixup in fine-tuning: blend each batch with a shuffled copy of itself by a Beta(ALPHA, ALPHA) weight (0 = off).")
  Float mixup;

  @Option(names = "--average-last", paramLabel = "K",
      description = "Make the model the mean of the weights of the last K epochs (stochastic weight averaging) instead of the epoch selected on the selection split (0 = select).")
  Integer averageLast;

  @Option(names = "--lr-warmup", paramLabel = "EPOCHS",
      description = "Ramp the learning rate up linearly over the first EPOCHS epochs before the cosine decay (0 = none).")
  Integer lrWarmup;

  @Option(names = "--precision", paramLabel = "auto|fp32|bf16",
      description = "Arithmetic of the backbone streams: bf16 fine-tunes in mixed precision (fp32 weights and heads) and"
          + " extracts and evaluates in bf16; auto (default) is bf16 on CPUs with AVX-512-BF16 or AMX, else fp32."
          + " Default from $DERMMGMT_PRECISION when set. The run records what it resolved to.")
  String precision;

  @Option(names = "--color-constancy", paramLabel = "none|shades-of-gray",
      description = "Colour constancy of each photo before its views are made: none (default) or shades-of-gray"
          + " (Minkowski p = 6; recorded in the run's preprocessing).")
  String colorConstancy;

  TrainOptions toOptions(String task, String inputs) {
    Task t = task == null ? Task.MULTI : Task.parse(task);
    TrainOptions d = preset(t, Boolean.TRUE.equals(freezeBackbone));
    return apply(d, t, inputs == null ? d.inputs() : Inputs.parse(inputs));
  }

  /**
   * The preset the command line starts from: frozen mode trains only the heads, which need their
   * own preset (more epochs, a larger learning rate, one model), and each backbone has its own
   * measured best, so {@code --backbone} picks the preset rather than only swapping the network.
   */
  TrainOptions preset(Task t, boolean frozen) {
    if (backbone == null) {
      return frozen ? TrainPresets.frozen(t) : TrainPresets.defaults(t);
    }
    String name = backbone.toLowerCase();
    return frozen ? TrainPresets.frozen(t, name) : TrainPresets.defaults(t, name);
  }

  /**
   * The options of {@code d} with every option the user set on the command line replaced; for a
   * mixed preset, in each of its parts (which keep their own backbones).
   */
  TrainOptions apply(TrainOptions d, Task t, Inputs in) {
    if (d.mixed()) {
      List<TrainOptions> parts = new ArrayList<>();
      List<String> accepted = new ArrayList<>();
      UserInputException refused = null;
      int refusedPart = 0;
      for (int i = 0; i < d.parts().size(); i++) {
        try {
          parts.add(applyOne(d.parts().get(i), t, in, false));
          accepted.add(d.parts().get(i).backbone());
        } catch (UserInputException e) {
          if (refused == null) {
            refused = e;
            refusedPart = i + 1;
          }
        }
      }
      if (refused != null && accepted.isEmpty()) {
        throw refused; // the value itself is wrong, whatever the backbone
      }
      if (refused != null) {
        // e.g. --freeze-stages, which MobileNetV2 has no stages for: say which part refused it.
        throw new UserInputException(refused.getMessage() + " (part " + refusedPart + " of the mixed run "
            + d.backboneLabel() + "; options apply to every part: to train " + String.join(" or ", accepted)
            + " alone, add --backbone " + accepted.get(0) + ")");
      }
      return TrainOptions.ofParts(parts);
    }
    return applyOne(d, t, in, true);
  }

  private TrainOptions applyOne(TrainOptions d, Task t, Inputs in, boolean setBackbone) {
    // The record reads 0 as "unset" (config.json files from before these options); on the
    // command line 0 is a mistake.
    if (ensemble != null && ensemble < 1) {
      throw new UserInputException("--ensemble must be >= 1, got " + ensemble);
    }
    if (backboneLrScale != null && !(backboneLrScale > 0)) {
      throw new UserInputException("--backbone-lr-scale must be a finite number > 0, got " + backboneLrScale);
    }
    TrainOptionsBuilder b = d.toBuilder().task(t).inputs(in);
    if (epochs != null) b.epochs(epochs);
    if (batchSize != null) b.batchSize(batchSize);
    if (lr != null) b.learningRate(lr);
    if (weightDecay != null) b.weightDecay(weightDecay);
    if (optimizer != null) b.optimizer(optimizer.toLowerCase());
    if (seed != null) b.seed(seed);
    if (freezeBackbone != null) b.freezeBackbone(freezeBackbone);
    if (trainSplits != null) b.trainSplits(Split.parseList(trainSplits));
    if (selectSplit != null) b.selectSplit(Split.parse(selectSplit));
    if (imageSize != null) b.imageSize(imageSize);
    if (borderCrop != null) b.borderCrop(borderCrop);
    if (classBalance != null) b.classBalanced(classBalance);
    if (taskWeights != null) b.taskWeights(new LinkedHashMap<>(taskWeights));
    if (headHidden != null) b.headHidden(headHidden);
    if (dropout != null) b.dropout(dropout);
    if (shared != null) b.sharedStreams(shared);
    if (backbone != null && setBackbone) b.backbone(backbone.toLowerCase());
    if (limit != null) b.limit(limit);
    if (views != null) b.views(views);
    if (tta != null) b.tta(tta);
    if (selectBy != null) b.selectBy(selectBy.toLowerCase());
    if (patience != null) b.patience(patience);
    if (headWarmup != null) b.headWarmup(headWarmup);
    if (ensemble != null) b.ensemble(ensemble);
    if (backboneLrScale != null) b.backboneLrScale(backboneLrScale);
    if (labelSmoothing != null) b.labelSmoothing(labelSmoothing);
    if (mixup != null) b.mixup(mixup);
    if (averageLast != null) b.averageLast(averageLast);
    if (lrWarmup != null) b.lrWarmup(lrWarmup);
    if (freezeStages != null) b.freezeStages(freezeStages);
    if (colorConstancy != null) b.colorConstancy(colorConstancy);
    String p = precision != null ? precision : Precision.settingChoice();
    if (p != null) b.precision(p);
    return b.build();
  }

  /**
   * The backbone weights of a new run, found through --weights / --weights-dir and the defaults;
   * for a mixed run the weights folder that holds every part's (each part verifies its own).
   */
  Path resolveWeights(TrainOptions options) {
    if (!options.mixed()) {
      return options.fusionConfig().backboneImpl().resolveWeights(weights, weightsDir);
    }
    if (weights != null) {
      throw new UserInputException("--weights names one backbone's weights, but this run mixes "
          + options.backboneLabel() + ": give --weights-dir DIR (a folder holding each one's), or one --backbone");
    }
    return MixedWeights.folder(options.parts(), weightsDir);
  }

  /** The training options given on the command line (besides --weights[-dir]), by their flag names. */
  List<String> given() {
    List<String> names = new ArrayList<>();
    for (java.lang.reflect.Field f : getClass().getDeclaredFields()) {
      Option option = f.getAnnotation(Option.class);
      if (option == null || "weights".equals(f.getName()) || "weightsDir".equals(f.getName())) {
        continue;
      }
      try {
        if (f.get(this) != null) {
          names.add(option.names()[0]);
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    return names;
  }
}
