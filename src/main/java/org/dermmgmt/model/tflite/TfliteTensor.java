package org.dermmgmt.model.tflite;

import java.util.Arrays;

/**
 * One tensor of a TFLite graph. {@code data} is the raw little-endian constant buffer (empty for
 * activations); {@code scale}/{@code zeroPoint} are the per-tensor quantisation parameters (scale 0
 * when the tensor is not quantised). {@code scaleCount} is how many scales the file gave, so that
 * per-channel tensors can be refused instead of misread.
 */
public record TfliteTensor(
    int index,
    String name,
    int[] shape,
    int type,
    float scale,
    long zeroPoint,
    int scaleCount,
    byte[] data) {

  public static final int FLOAT32 = 0;
  public static final int INT32 = 2;
  public static final int UINT8 = 3;
  public static final int INT8 = 9;

  /** Number of elements of the shape (1 for a scalar). */
  public long elementCount() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  public boolean isConstant() {
    return data.length > 0;
  }

  public String typeName() {
    return switch (type) {
      case FLOAT32 -> "FLOAT32";
      case INT32 -> "INT32";
      case UINT8 -> "UINT8";
      case INT8 -> "INT8";
      default -> "TYPE_" + type;
    };
  }

  @Override
  public String toString() {
    return "TfliteTensor[" + index + " " + name + " " + typeName() + Arrays.toString(shape)
        + " scale=" + scale + " zp=" + zeroPoint + " bytes=" + data.length + "]";
  }
}
