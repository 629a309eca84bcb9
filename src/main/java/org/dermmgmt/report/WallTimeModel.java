package org.dermmgmt.report;

import org.dermmgmt.model.script.Precision;
import org.dermmgmt.train.TrainOptions;

/**
 * What a reproduction's steps cost in wall seconds, from unit costs measured on a 2-core Zen 4
 * EPYC in bf16 with tcmalloc at 224x224 (BENCHMARKS.md, seventh session: the timeline of a full
 * and a quick reproduction, read off their output files), scaled by the core count and, in fp32,
 * by the measured bf16 speed-ups. Printed before a long run so nobody starts one by accident.
 */
final class WallTimeModel {
  /** Preparing both images of a case for one view (cached decode, crop, resize, normalise). */
  static final double PREPARE_SECONDS_PER_CASE_VIEW = 0.008;
  /** One member's forward over both images of a case, one view (packed, bf16). */
  static final double FORWARD_SECONDS_PER_CASE_VIEW = 0.0092;
  /** A fine-tuning step's share per image (forward, backward, optimiser; mixed precision). */
  static final double TRAIN_SECONDS_PER_IMAGE = 0.0168;
  /** A photo's first decode in a run (it is cached for the rest of the run). */
  static final double DECODE_SECONDS_PER_IMAGE = 0.015;
  /** One image and view through a frozen backbone into the feature cache, cold. */
  static final double FEATURE_SECONDS_PER_IMAGE_VIEW = 0.008;
  /** One head epoch on cached features. */
  static final double HEAD_EPOCH_SECONDS = 0.2;
  /** Per trained model: loading, writing, calibration bookkeeping. */
  static final double RUN_OVERHEAD_SECONDS = 7;
  /** Per evaluation: loading the model, bootstrap intervals, DeLong, plots. */
  static final double EVALUATION_OVERHEAD_SECONDS = 5;
  /** fp32 against bf16, measured (`bench/speed.sh`): inference 1.9x, fine-tuning steps 1.25x. */
  static final double FP32_FORWARD_FACTOR = 1.9;
  static final double FP32_TRAIN_FACTOR = 1.25;

  private final double forwardPerCaseView;
  private final double trainPerImage;
  private final double featurePerImageView;
  private final double cores;

  WallTimeModel(Precision precision, int cores) {
    boolean fp32 = precision == Precision.FP32;
    this.forwardPerCaseView = FORWARD_SECONDS_PER_CASE_VIEW * (fp32 ? FP32_FORWARD_FACTOR : 1);
    this.trainPerImage = TRAIN_SECONDS_PER_IMAGE * (fp32 ? FP32_TRAIN_FACTOR : 1);
    this.featurePerImageView = FEATURE_SECONDS_PER_IMAGE_VIEW * (fp32 ? FP32_FORWARD_FACTOR : 1);
    this.cores = Math.max(1, cores) / 2.0;
  }

  /** Computing the frozen features of {@code images} photos in {@code views} views once. */
  double features(int images, int views) {
    return images * views * featurePerImageView / cores;
  }

  /** Evaluating {@code cases} with {@code views} views (plain + test-time) through {@code members} networks. */
  double evaluation(int cases, int views, int members) {
    return EVALUATION_OVERHEAD_SECONDS + cases * views * (PREPARE_SECONDS_PER_CASE_VIEW + members * forwardPerCaseView) / cores;
  }

  /** Training one run of {@code o} (all its members) on {@code train} cases, selecting on {@code select}. */
  double training(TrainOptions o, int train, int select) {
    if (o.freezeBackbone()) {
      return RUN_OVERHEAD_SECONDS + o.epochs() * HEAD_EPOCH_SECONDS; // heads on cached features
    }
    double scale = Math.pow(o.imageSize() / 224.0, 2);
    int used = o.limit() == null ? train : Math.min(train, o.limit() * o.batchSize());
    double member = RUN_OVERHEAD_SECONDS + o.headWarmup() * HEAD_EPOCH_SECONDS
        + (train + select) * 2 * DECODE_SECONDS_PER_IMAGE / cores
        + o.epochs() * (used * 2 * trainPerImage + select * (PREPARE_SECONDS_PER_CASE_VIEW + forwardPerCaseView)) * scale
        / cores;
    // The ensemble's calibration pass: the selection cases in every test-time view through every member.
    return o.ensemble() * member
        + select * (1 + o.tta()) * (PREPARE_SECONDS_PER_CASE_VIEW + o.ensemble() * forwardPerCaseView) / cores;
  }
}
