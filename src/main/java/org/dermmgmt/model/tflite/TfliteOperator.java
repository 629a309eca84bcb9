package org.dermmgmt.model.tflite;

/**
 * One operator of a TFLite graph, with the options the MobileNet import needs. Fields that do not
 * apply to an operator keep neutral values (stride 0, padding {@code null}, activation NONE,
 * depth multiplier 0).
 */
public record TfliteOperator(
    String op,
    int builtinCode,
    int[] inputs,
    int[] outputs,
    int strideW,
    int strideH,
    Padding padding,
    Activation activation,
    int depthMultiplier) {

  /** schema.fbs enum Padding. */
  public enum Padding {
    SAME,
    VALID
  }

  /** schema.fbs enum ActivationFunctionType, in value order. */
  public enum Activation {
    NONE,
    RELU,
    RELU_N1_TO_1,
    RELU6,
    TANH,
    SIGN_BIT
  }
}
