package org.dermmgmt.train;

import java.util.List;
import java.util.Map;
import org.dermmgmt.data.Split;
import org.dermmgmt.model.Inputs;
import org.dermmgmt.model.Task;

/**
 * Changes to a set of {@link TrainOptions}: named setters, validated as a whole by {@link #build()}
 * (the record's constructor names the offending option).
 */
public final class TrainOptionsBuilder {
  private Task task;
  private Inputs inputs;
  private int epochs;
  private int batchSize;
  private float learningRate;
  private float weightDecay;
  private String optimizer;
  private long seed;
  private boolean freezeBackbone;
  private List<Split> trainSplits;
  private Split selectSplit;
  private int imageSize;
  private int borderCrop;
  private boolean classBalanced;
  private Map<String, Float> taskWeights;
  private int headHidden;
  private float dropout;
  private boolean sharedStreams;
  private String backbone;
  private Integer limit;
  private int views;
  private int tta;
  private String selectBy;
  private int patience;
  private int headWarmup;
  private int ensemble;
  private float backboneLrScale;
  private float labelSmoothing;
  private float mixup;
  private int averageLast;
  private int lrWarmup;
  private int freezeStages;
  private String precision;
  private String colorConstancy;
  private List<TrainOptions> parts;

  TrainOptionsBuilder(TrainOptions o) {
    task = o.task();
    inputs = o.inputs();
    epochs = o.epochs();
    batchSize = o.batchSize();
    learningRate = o.learningRate();
    weightDecay = o.weightDecay();
    optimizer = o.optimizer();
    seed = o.seed();
    freezeBackbone = o.freezeBackbone();
    trainSplits = o.trainSplits();
    selectSplit = o.selectSplit();
    imageSize = o.imageSize();
    borderCrop = o.borderCrop();
    classBalanced = o.classBalanced();
    taskWeights = o.taskWeights();
    headHidden = o.headHidden();
    dropout = o.dropout();
    sharedStreams = o.sharedStreams();
    backbone = o.backbone();
    limit = o.limit();
    views = o.views();
    tta = o.tta();
    selectBy = o.selectBy();
    patience = o.patience();
    headWarmup = o.headWarmup();
    ensemble = o.ensemble();
    backboneLrScale = o.backboneLrScale();
    labelSmoothing = o.labelSmoothing();
    mixup = o.mixup();
    averageLast = o.averageLast();
    lrWarmup = o.lrWarmup();
    freezeStages = o.freezeStages();
    precision = o.precision();
    colorConstancy = o.colorConstancy();
    parts = o.parts();
  }

  public TrainOptionsBuilder task(Task value) {
    task = value;
    return this;
  }

  public TrainOptionsBuilder inputs(Inputs value) {
    inputs = value;
    return this;
  }

  public TrainOptionsBuilder epochs(int value) {
    epochs = value;
    return this;
  }

  public TrainOptionsBuilder batchSize(int value) {
    batchSize = value;
    return this;
  }

  public TrainOptionsBuilder learningRate(float value) {
    learningRate = value;
    return this;
  }

  public TrainOptionsBuilder weightDecay(float value) {
    weightDecay = value;
    return this;
  }

  public TrainOptionsBuilder optimizer(String value) {
    optimizer = value;
    return this;
  }

  public TrainOptionsBuilder seed(long value) {
    seed = value;
    return this;
  }

  public TrainOptionsBuilder freezeBackbone(boolean value) {
    freezeBackbone = value;
    return this;
  }

  public TrainOptionsBuilder trainSplits(List<Split> value) {
    trainSplits = value;
    return this;
  }

  public TrainOptionsBuilder selectSplit(Split value) {
    selectSplit = value;
    return this;
  }

  public TrainOptionsBuilder imageSize(int value) {
    imageSize = value;
    return this;
  }

  public TrainOptionsBuilder borderCrop(int value) {
    borderCrop = value;
    return this;
  }

  public TrainOptionsBuilder classBalanced(boolean value) {
    classBalanced = value;
    return this;
  }

  public TrainOptionsBuilder taskWeights(Map<String, Float> value) {
    taskWeights = value;
    return this;
  }

  public TrainOptionsBuilder headHidden(int value) {
    headHidden = value;
    return this;
  }

  public TrainOptionsBuilder dropout(float value) {
    dropout = value;
    return this;
  }

  public TrainOptionsBuilder sharedStreams(boolean value) {
    sharedStreams = value;
    return this;
  }

  public TrainOptionsBuilder backbone(String value) {
    backbone = value;
    return this;
  }

  public TrainOptionsBuilder limit(Integer value) {
    limit = value;
    return this;
  }

  public TrainOptionsBuilder views(int value) {
    views = value;
    return this;
  }

  public TrainOptionsBuilder tta(int value) {
    tta = value;
    return this;
  }

  public TrainOptionsBuilder selectBy(String value) {
    selectBy = value;
    return this;
  }

  public TrainOptionsBuilder patience(int value) {
    patience = value;
    return this;
  }

  public TrainOptionsBuilder headWarmup(int value) {
    headWarmup = value;
    return this;
  }

  public TrainOptionsBuilder ensemble(int value) {
    ensemble = value;
    return this;
  }

  public TrainOptionsBuilder backboneLrScale(float value) {
    backboneLrScale = value;
    return this;
  }

  public TrainOptionsBuilder labelSmoothing(float value) {
    labelSmoothing = value;
    return this;
  }

  public TrainOptionsBuilder mixup(float value) {
    mixup = value;
    return this;
  }

  public TrainOptionsBuilder averageLast(int value) {
    averageLast = value;
    return this;
  }

  public TrainOptionsBuilder lrWarmup(int value) {
    lrWarmup = value;
    return this;
  }

  public TrainOptionsBuilder freezeStages(int value) {
    freezeStages = value;
    return this;
  }

  /** none or shades-of-gray. */
  public TrainOptionsBuilder colorConstancy(String value) {
    colorConstancy = value;
    return this;
  }

  /** auto, fp32 or bf16. */
  public TrainOptionsBuilder precision(String value) {
    precision = value;
    return this;
  }

  /** A mixed run's parts (empty: one backbone). */
  public TrainOptionsBuilder parts(List<TrainOptions> value) {
    parts = value;
    return this;
  }

  public TrainOptions build() {
    return new TrainOptions(
        task, inputs, epochs, batchSize, learningRate, weightDecay, optimizer, seed, freezeBackbone,
        trainSplits, selectSplit, imageSize, borderCrop, classBalanced, taskWeights, headHidden,
        dropout, sharedStreams, backbone, limit, views, tta, selectBy, patience, headWarmup,
        ensemble, backboneLrScale, labelSmoothing, mixup, averageLast, lrWarmup, freezeStages, precision,
        colorConstancy, parts);
  }
}
