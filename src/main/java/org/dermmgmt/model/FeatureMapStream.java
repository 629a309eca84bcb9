package org.dermmgmt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * A backbone stream whose pooled features are the global average of its last feature maps: what
 * Grad-CAM needs to weigh those maps by their gradients (MobileNetV2 and ResNet-50 both are).
 */
public interface FeatureMapStream {
  /** The last feature maps before pooling, (N, C, H/32, W/32), in fp32. */
  NDArray featureMaps(ParameterStore parameterStore, NDArray input, boolean training);

  /** Global average pool of feature maps (N, C, H, W) to (N, C): the stream's pooled features. */
  static NDArray globalAveragePool(NDArray maps) {
    Shape s = maps.getShape();
    // PyTorch's mean takes one axis through DJL: flatten the spatial axes first.
    return maps.reshape(s.get(0), s.get(1), -1).mean(new int[] {2});
  }
}
