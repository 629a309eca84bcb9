package org.dermmgmt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * MobileNetV2 bottleneck: 1x1 expand (skipped when the expansion is 1), 3x3 depthwise, linear 1x1
 * project, plus the input when shapes allow (stride 1, same channels). Convs are listed in the
 * order TFLite executes them, which is the order weights are imported in.
 */
final class InvertedResidual extends AbstractBlock {
  private static final byte VERSION = 1;

  private final List<SameConv> convs = new ArrayList<>();
  private final boolean residual;

  InvertedResidual(int in, int out, int stride, int expansion) {
    super(VERSION);
    int hidden = in * expansion;
    if (expansion != 1) {
      convs.add(addChildBlock("expand", new SameConv(in, hidden, 1, 1, false, true)));
    }
    convs.add(addChildBlock("depthwise", new SameConv(hidden, hidden, 3, stride, true, true)));
    convs.add(addChildBlock("project", new SameConv(hidden, out, 1, 1, false, false)));
    residual = stride == 1 && in == out;
  }

  List<SameConv> convs() {
    return convs;
  }

  /** Whether the block's input is added to its output (stride 1, same channels). */
  boolean residual() {
    return residual;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray input = inputs.singletonOrThrow();
    NDList x = inputs;
    for (SameConv conv : convs) {
      x = conv.forward(parameterStore, x, training);
    }
    return residual ? new NDList(x.singletonOrThrow().add(input)) : x;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] shapes = inputShapes;
    for (SameConv conv : convs) {
      shapes = conv.getOutputShapes(shapes);
    }
    return shapes;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] shapes = inputShapes;
    for (SameConv conv : convs) {
      conv.initialize(manager, dataType, shapes);
      shapes = conv.getOutputShapes(shapes);
    }
  }
}
