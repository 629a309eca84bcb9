package org.dermmgmt.report;

import org.dermmgmt.model.backbone.weights.WeightsSpecs;
import org.dermmgmt.model.script.Precision;
import org.dermmgmt.train.TrainOptions;

/**
 * What a reproduction's steps cost in wall seconds, from unit costs per backbone (bf16, 2 cores,
 * tcmalloc, 224x224), scaled by the core count and, in fp32, by the backbone's measured fp32
 * factors. Printed before a long run so nobody starts one by accident.
 */
final class WallTimeModel {
  /**
   * One backbone's unit costs in bf16 and what fp32 multiplies them by.
   *
   * @param forwardPerCaseView one member's forward over both images of a case, one view (packed)
   * @param trainPerImage a fine-tuning step's share per image (forward, backward, optimiser)
   * @param featurePerImageView one image and view through the frozen backbone into the feature cache, cold
   * @param fp32Forward fp32 against bf16 for forwards and features
   * @param fp32Train fp32 against mixed precision for fine-tuning steps
   */
  record UnitCosts(double forwardPerCaseView, double trainPerImage, double featurePerImageView,
      double fp32Forward, double fp32Train) {}

  /**
   * MobileNetV2 (and the tiny test backbones): read off the timeline of a full and a quick
   * reproduction on a 2-core Zen 4 EPYC in bf16 (BENCHMARKS.md, seventh session); the fp32
   * forward factor from {@code bench/speed.sh} on the same CPU. The fp32 training factor from
   * real epochs, not the benchmark's steps: the mixed default's MobileNetV2 part on a 2-core Zen 3
   * (eleventh session) ran 28-34 s epochs of 413 + 203 cases, where speed.sh's 1.25 predicted 22 s.
   */
  static final UnitCosts MOBILENET_V2 = new UnitCosts(0.0092, 0.0168, 0.008, 1.9, 1.75);

  /**
   * ResNet-50 with stages 1-3 frozen (the default): fp32 from a 2-core Zen 3 EPYC (eighth
   * session's cross-validation: 110 s epochs of 328 + 82 cases; {@code evaluate} of 203 cases in
   * 5 views, 137 s); bf16 from the seventh session's default-command run on the Zen 4 (64 s epochs
   * of 413 + 203 cases, 12.0 min in all; inference 1.8x faster in bf16, README "bf16"). Dense
   * convolutions gain more from bf16 in training than MobileNetV2's depthwise ones, hence the
   * larger fp32 training factor.
   */
  static final UnitCosts RESNET50 = new UnitCosts(0.065, 0.060, 0.0325, 1.8, 2.55);

  /** Preparing both images of a case for one view (cached decode, crop, resize, normalise). */
  static final double PREPARE_SECONDS_PER_CASE_VIEW = 0.008;
  /** A photo's first decode in a run (it is cached for the rest of the run). */
  static final double DECODE_SECONDS_PER_IMAGE = 0.015;
  /**
   * One head epoch on cached features: 540 of them took 15 s in a quick reproduction on a 2-core
   * Zen 5 (fourteenth session), once progress bars stopped asking the terminal for its width at
   * every redraw (they had made it 0.2 s).
   */
  static final double HEAD_EPOCH_SECONDS = 0.03;
  /** Per fine-tuned model: loading, writing, calibration bookkeeping. */
  static final double RUN_OVERHEAD_SECONDS = 7;
  /**
   * Per frozen-backbone model besides its head epochs: its features read (the cache's files, then
   * the process's memo) and its calibration pass on memoised features. A quick reproduction on a
   * 2-core Zen 3 in fp32 (thirteenth session) trained each in 5-7 s with 30 head epochs.
   */
  static final double FROZEN_RUN_OVERHEAD_SECONDS = 1;
  /** Per evaluation: loading the model, bootstrap intervals, DeLong, plots. */
  static final double EVALUATION_OVERHEAD_SECONDS = 5;
  /**
   * Evaluating a frozen-backbone model once its images' features are in the process's memo (heads
   * only, metrics, plots): 0-1 s in the same quick reproduction.
   */
  static final double FROZEN_EVALUATION_SECONDS = 1;

  private final boolean fp32;
  private final double cores;

  WallTimeModel(Precision precision, int cores) {
    this.fp32 = precision == Precision.FP32;
    this.cores = Math.max(1, cores) / 2.0;
  }

  static UnitCosts costs(String backbone) {
    return WeightsSpecs.RESNET50.equals(backbone) ? RESNET50 : MOBILENET_V2;
  }

  private double forward(String backbone) {
    UnitCosts c = costs(backbone);
    return c.forwardPerCaseView() * (fp32 ? c.fp32Forward() : 1);
  }

  /** Computing the frozen {@code backbone} features of {@code images} photos in {@code views} views once. */
  double features(String backbone, int images, int views) {
    UnitCosts c = costs(backbone);
    return images * views * c.featurePerImageView() * (fp32 ? c.fp32Forward() : 1) / cores;
  }

  /** Evaluating {@code cases} with {@code views} views (plain + test-time) through {@code members} networks. */
  double evaluation(String backbone, int cases, int views, int members) {
    return EVALUATION_OVERHEAD_SECONDS + cases * views * (PREPARE_SECONDS_PER_CASE_VIEW + members * forward(backbone)) / cores;
  }

  /**
   * Evaluating {@code cases} with the run's own views through every network of every part; a
   * frozen-backbone part's streams are looked up in the process's memo (their first computation is
   * counted once per image by {@link #features}).
   */
  double evaluation(TrainOptions o, int cases) {
    return o.partsOrSelf().stream()
        .mapToDouble(p -> p.freezeBackbone()
            ? FROZEN_EVALUATION_SECONDS
            : evaluation(p.backbone(), cases, 1 + p.tta(), p.ensemble()))
        .sum();
  }

  /**
   * Training one run of {@code o} (all its members, or all its parts) on {@code train} cases,
   * selecting on {@code select}.
   */
  double training(TrainOptions o, int train, int select) {
    if (o.mixed()) {
      // Each part as a run of its own, then the mixed model's selection score (plain view) and
      // calibration pass (every test-time view) through every part's networks.
      double total = 0;
      for (TrainOptions p : o.parts()) {
        total += training(p, train, select)
            + select * (2 + p.tta()) * (PREPARE_SECONDS_PER_CASE_VIEW + p.ensemble() * forward(p.backbone())) / cores;
      }
      return total;
    }
    if (o.freezeBackbone()) {
      return FROZEN_RUN_OVERHEAD_SECONDS + o.epochs() * HEAD_EPOCH_SECONDS; // heads on cached features
    }
    UnitCosts c = costs(o.backbone());
    double trainPerImage = c.trainPerImage() * (fp32 ? c.fp32Train() : 1);
    double forward = forward(o.backbone());
    double scale = Math.pow(o.imageSize() / 224.0, 2);
    int used = o.limit() == null ? train : Math.min(train, o.limit() * o.batchSize());
    double member = RUN_OVERHEAD_SECONDS + o.headWarmup() * HEAD_EPOCH_SECONDS
        + (train + select) * 2 * DECODE_SECONDS_PER_IMAGE / cores
        + o.epochs() * (used * 2 * trainPerImage + select * (PREPARE_SECONDS_PER_CASE_VIEW + forward)) * scale
        / cores;
    // The ensemble's calibration pass: the selection cases in every test-time view through every member.
    return o.ensemble() * member
        + select * (1 + o.tta()) * (PREPARE_SECONDS_PER_CASE_VIEW + o.ensemble() * forward) / cores;
  }
}
