package org.dermmgmt.model.backbone.resnet.tfjs;

import java.util.Arrays;

/**
 * One float32 weight of a TF.js layers model, in the stored (TensorFlow, row-major) order: conv
 * kernels are HWIO [kh, kw, in, out], dense kernels [in, out].
 */
public record TfjsTensor(String name, int[] shape, float[] values) {
  public TfjsTensor {
    shape = shape.clone();
    if (values.length != elements(shape)) {
      throw new IllegalArgumentException(
          name + ": shape " + Arrays.toString(shape) + " needs " + elements(shape) + " values, got "
              + values.length);
    }
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Number of values a tensor of this shape holds (1 for a scalar). */
  static long elements(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** "[3, 3, 64, 64]". */
  public String shapeString() {
    return Arrays.toString(shape);
  }
}
