package org.dermmgmt.model.backbone.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A ResNet v1 bottleneck block, named as in Keras ({@code res3a}: branch2a 1x1, branch2b 3x3,
 * branch2c 1x1 to 4x the width, plus a 1x1 projection shortcut branch1 in the first block of a
 * stage). Version 1 as in the original paper and Keras: the stride sits on the first 1x1
 * convolution and on the shortcut, not on the 3x3 (torchvision's "v1.5" moves it there).
 * Output: {@code relu(branch2c(branch2b(branch2a(x))) + shortcut(x))}.
 */
public final class Bottleneck extends AbstractBlock {
  private static final byte VERSION = 1;

  private final String name;
  private final ConvBn branch2a;
  private final ConvBn branch2b;
  private final ConvBn branch2c;
  private final ConvBn branch1;

  /**
   * The block projects its shortcut when {@code stride != 1 || in != 4 * width}, as Keras'
   * conv_block does for the first block of a stage.
   *
   * @param stage 2..5
   * @param letter a, b, c, ... (the block's position in its stage)
   */
  Bottleneck(int stage, char letter, int inChannels, int width, int stride, BatchNormMode mode) {
    super(VERSION);
    this.name = "res" + stage + letter;
    String bn = "bn" + stage + letter;
    int out = 4 * width;
    branch2a = addChildBlock("branch2a",
        new ConvBn(name + "_branch2a", bn + "_branch2a", inChannels, width, 1, stride, 0, true, mode));
    branch2b = addChildBlock("branch2b",
        new ConvBn(name + "_branch2b", bn + "_branch2b", width, width, 3, 1, 1, true, mode));
    branch2c = addChildBlock("branch2c",
        new ConvBn(name + "_branch2c", bn + "_branch2c", width, out, 1, 1, 0, false, mode));
    branch1 = stride != 1 || inChannels != out
        ? addChildBlock("branch1",
            new ConvBn(name + "_branch1", bn + "_branch1", inChannels, out, 1, stride, 0, false, mode))
        : null;
  }

  /** Keras block name, e.g. {@code res4c}. */
  public String name() {
    return name;
  }

  public int outChannels() {
    return branch2c.outChannels();
  }

  /** The block's conv layers in Keras' weight order: branch1 (if any), branch2a, 2b, 2c. */
  public List<ConvBn> layers() {
    List<ConvBn> out = new ArrayList<>();
    if (branch1 != null) {
      out.add(branch1);
    }
    out.addAll(List.of(branch2a, branch2b, branch2c));
    return out;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList y = branch2a.forward(ps, inputs, training);
    y = branch2b.forward(ps, y, training);
    NDArray main = branch2c.forward(ps, y, training).singletonOrThrow();
    NDArray shortcut =
        branch1 == null ? inputs.singletonOrThrow() : branch1.forward(ps, inputs, training).singletonOrThrow();
    return new NDList(Activation.relu(main.add(shortcut)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return branch2c.getOutputShapes(branch2b.getOutputShapes(branch2a.getOutputShapes(inputShapes)));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    branch2a.initialize(manager, dataType, inputShapes);
    Shape[] s = branch2a.getOutputShapes(inputShapes);
    branch2b.initialize(manager, dataType, s);
    branch2c.initialize(manager, dataType, branch2b.getOutputShapes(s));
    if (branch1 != null) {
      branch1.initialize(manager, dataType, inputShapes);
    }
  }
}
