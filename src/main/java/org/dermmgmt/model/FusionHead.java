package org.dermmgmt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The heads on top of the fused feature vector: dropout, an optional hidden layer, then one linear
 * classifier per task head. Kept as its own block so that the frozen-feature fast mode can train
 * it alone on cached features and drop it into a full {@link FusionNet} afterwards.
 */
public final class FusionHead extends AbstractBlock {
  private static final byte VERSION = 1;

  private final List<Task.Head> heads;
  private final Block dropout;
  private final Block hidden;
  private final List<Block> classifiers = new ArrayList<>();

  public FusionHead(List<Task.Head> heads, int hiddenSize, float dropoutRate) {
    super(VERSION);
    this.heads = List.copyOf(heads);
    this.dropout = addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build());
    this.hidden =
        hiddenSize > 0 ? addChildBlock("hidden", Linear.builder().setUnits(hiddenSize).build()) : null;
    for (Task.Head head : heads) {
      classifiers.add(addChildBlock(head.name(), Linear.builder().setUnits(head.classes()).build()));
    }
  }

  public List<Task.Head> heads() {
    return heads;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList x = dropout.forward(ps, inputs, training, params);
    if (hidden != null) {
      x = new NDList(Activation.relu(hidden.forward(ps, x, training, params).singletonOrThrow()));
      x = dropout.forward(ps, x, training, params);
    }
    NDList out = new NDList(classifiers.size());
    for (Block classifier : classifiers) {
      NDArray logits = classifier.forward(ps, x, training, params).singletonOrThrow();
      out.add(logits);
    }
    return out;
  }

  @Override
  protected void initializeChildBlocks(
      ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    dropout.initialize(manager, dataType, in);
    Shape next = in;
    if (hidden != null) {
      hidden.initialize(manager, dataType, in);
      next = hidden.getOutputShapes(new Shape[] {in})[0];
    }
    for (Block classifier : classifiers) {
      classifier.initialize(manager, dataType, next);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long batch = inputShapes[0].get(0);
    Shape[] out = new Shape[heads.size()];
    for (int i = 0; i < heads.size(); i++) {
      out[i] = new Shape(batch, heads.get(i).classes());
    }
    return out;
  }
}
