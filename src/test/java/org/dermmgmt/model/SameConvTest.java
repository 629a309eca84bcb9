package org.dermmgmt.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** The folded-kernel form of the stride-2 SAME pad computes exactly what the explicit pad does. */
class SameConvTest {

  @Test
  void foldedPadEqualsExplicitPadForDenseAndDepthwiseConvolutions() {
    try (NDManager manager = NDManager.newBaseManager()) {
      SameConv[] convs = {
        new SameConv(3, 16, 3, 2, false, false), new SameConv(8, 8, 3, 2, true, true)
      };
      for (SameConv conv : convs) {
        int c = conv.inChannels();
        conv.initialize(manager, DataType.FLOAT32, new Shape(2, c, 16, 16));
        try (NDManager m = manager.newSubManager()) {
          ParameterStore ps = new ParameterStore(m, false);
          // Scaled so that some activations pass 6 and ReLU6 clips them.
          NDArray x = m.randomUniform(-4, 4, new Shape(2, c, 16, 16));
          NDArray padded = conv.forward(ps, new NDList(x), false).singletonOrThrow();
          NDArray folded = conv.foldedPadConv(ps, x);
          assertThat(folded.getShape()).isEqualTo(new Shape(2, conv.outChannels(), 8, 8));
          float maxDiff = padded.sub(folded).abs().max().getFloat();
          assertThat(maxDiff).as("depthwise=" + conv.depthwise()).isLessThan(1e-4f);
          assertThat(padded.abs().max().getFloat()).isGreaterThan(0.1f);
        }
      }
    }
  }
}
