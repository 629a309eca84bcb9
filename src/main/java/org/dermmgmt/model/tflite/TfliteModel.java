package org.dermmgmt.model.tflite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dermmgmt.UserInputException;
import org.dermmgmt.model.tflite.TfliteOperator.Activation;
import org.dermmgmt.model.tflite.TfliteOperator.Padding;

/**
 * The main subgraph of a TFLite flatbuffer: its tensors (with constant data) and its operators in
 * execution order. Reads only what weight import needs; it is not an interpreter.
 */
public final class TfliteModel {
  /** builtin_options union tags (schema.fbs BuiltinOptions) that carry options we read. */
  private static final int CONV_2D_OPTIONS = 1;
  private static final int DEPTHWISE_CONV_2D_OPTIONS = 2;
  private static final int POOL_2D_OPTIONS = 5;
  private static final int FULLY_CONNECTED_OPTIONS = 8;
  private static final int ADD_OPTIONS = 11;

  /** schema.fbs BuiltinOperator values of the ops one meets in image classifiers. */
  private static final Map<Integer, String> OP_NAMES =
      Map.ofEntries(
          Map.entry(0, "ADD"),
          Map.entry(1, "AVERAGE_POOL_2D"),
          Map.entry(2, "CONCATENATION"),
          Map.entry(3, "CONV_2D"),
          Map.entry(4, "DEPTHWISE_CONV_2D"),
          Map.entry(6, "DEQUANTIZE"),
          Map.entry(9, "FULLY_CONNECTED"),
          Map.entry(14, "LOGISTIC"),
          Map.entry(17, "MAX_POOL_2D"),
          Map.entry(18, "MUL"),
          Map.entry(19, "RELU"),
          Map.entry(21, "RELU6"),
          Map.entry(22, "RESHAPE"),
          Map.entry(23, "RESIZE_BILINEAR"),
          Map.entry(25, "SOFTMAX"),
          Map.entry(34, "PAD"),
          Map.entry(40, "MEAN"),
          Map.entry(43, "SQUEEZE"),
          Map.entry(114, "QUANTIZE"),
          Map.entry(117, "HARD_SWISH"));

  private final Path source;
  private final List<TfliteTensor> tensors;
  private final List<TfliteOperator> operators;

  private TfliteModel(Path source, List<TfliteTensor> tensors, List<TfliteOperator> operators) {
    this.source = source;
    this.tensors = List.copyOf(tensors);
    this.operators = List.copyOf(operators);
  }

  /** Reads a .tflite file; anything that is not a readable TFLite flatbuffer is a user error. */
  public static TfliteModel read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UserInputException("cannot read TFLite file " + file + ": " + e.getMessage(), e);
    }
    ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 8 || !FlatTables.Base.hasIdentifier(bb, "TFL3")) {
      throw new UserInputException(
          file + " is not a TFLite model: expected the flatbuffer identifier \"TFL3\" at byte 4");
    }
    try {
      return parse(file, bb);
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new UserInputException(file + " is a damaged TFLite file: " + e, e);
    }
  }

  private static TfliteModel parse(Path file, ByteBuffer bb) {
    var model = new FlatTables.Model();
    model.at(bb.getInt(0), bb);
    if (model.vectorLength(FlatTables.Model.SUBGRAPHS) < 1) {
      throw new UserInputException(file + " has no subgraph");
    }
    var graph = new FlatTables.SubGraph();
    graph.at(model.tableAt(FlatTables.Model.SUBGRAPHS, 0), bb);

    int nBuffers = model.vectorLength(FlatTables.Model.BUFFERS);
    var buffer = new FlatTables.Buffer();
    var tensor = new FlatTables.Tensor();
    var quant = new FlatTables.Quantization();
    int nTensors = graph.vectorLength(FlatTables.SubGraph.TENSORS);
    List<TfliteTensor> tensors = new ArrayList<>(nTensors);
    for (int i = 0; i < nTensors; i++) {
      tensor.at(graph.tableAt(FlatTables.SubGraph.TENSORS, i), bb);
      int bufferIndex = tensor.intField(FlatTables.Tensor.BUFFER, 0);
      byte[] data = new byte[0];
      if (bufferIndex > 0 && bufferIndex < nBuffers) {
        buffer.at(model.tableAt(FlatTables.Model.BUFFERS, bufferIndex), bb);
        data = bufferData(buffer, bb);
      }
      float scale = 0f;
      long zeroPoint = 0;
      int scaleCount = 0;
      int q = tensor.subTable(FlatTables.Tensor.QUANTIZATION);
      if (q != 0) {
        quant.at(q, bb);
        float[] scales = quant.floatVector(FlatTables.Quantization.SCALE);
        long[] zeroPoints = quant.longVector(FlatTables.Quantization.ZERO_POINT);
        scaleCount = scales.length;
        scale = scales.length > 0 ? scales[0] : 0f;
        zeroPoint = zeroPoints.length > 0 ? zeroPoints[0] : 0;
      }
      tensors.add(
          new TfliteTensor(
              i,
              tensor.string(FlatTables.Tensor.NAME),
              tensor.intVector(FlatTables.Tensor.SHAPE),
              tensor.byteField(FlatTables.Tensor.TYPE, 0),
              scale,
              zeroPoint,
              scaleCount,
              data));
    }

    int nCodes = model.vectorLength(FlatTables.Model.OPERATOR_CODES);
    int[] codes = new int[nCodes];
    var code = new FlatTables.OperatorCode();
    for (int i = 0; i < nCodes; i++) {
      code.at(model.tableAt(FlatTables.Model.OPERATOR_CODES, i), bb);
      codes[i] = code.code();
    }

    var op = new FlatTables.Operator();
    var options = new FlatTables.Options();
    int nOps = graph.vectorLength(FlatTables.SubGraph.OPERATORS);
    List<TfliteOperator> operators = new ArrayList<>(nOps);
    for (int i = 0; i < nOps; i++) {
      op.at(graph.tableAt(FlatTables.SubGraph.OPERATORS, i), bb);
      int opcodeIndex = op.intField(FlatTables.Operator.OPCODE_INDEX, 0);
      if (opcodeIndex < 0 || opcodeIndex >= nCodes) {
        throw new UserInputException(
            file + ": operator " + i + " has opcode index " + opcodeIndex + ", expected 0.."
                + (nCodes - 1));
      }
      int builtin = codes[opcodeIndex];
      int optionsType = op.ubyteField(FlatTables.Operator.OPTIONS_TYPE, 0);
      int optionsPos = op.subTable(FlatTables.Operator.OPTIONS);
      int strideW = 0;
      int strideH = 0;
      Padding padding = null;
      Activation activation = Activation.NONE;
      int depthMultiplier = 0;
      if (optionsPos != 0) {
        options.at(optionsPos, bb);
        switch (optionsType) {
          case CONV_2D_OPTIONS -> {
            // Conv2DOptions { padding, stride_w, stride_h, fused_activation_function, ... }
            padding = padding(options.byteField(0, 0));
            strideW = options.intField(1, 0);
            strideH = options.intField(2, 0);
            activation = activation(options.byteField(3, 0));
          }
          case DEPTHWISE_CONV_2D_OPTIONS -> {
            // DepthwiseConv2DOptions { padding, stride_w, stride_h, depth_multiplier, fused_act }
            padding = padding(options.byteField(0, 0));
            strideW = options.intField(1, 0);
            strideH = options.intField(2, 0);
            depthMultiplier = options.intField(3, 0);
            activation = activation(options.byteField(4, 0));
          }
          case POOL_2D_OPTIONS -> {
            // Pool2DOptions { padding, stride_w, stride_h, filter_width, filter_height, fused_act }
            padding = padding(options.byteField(0, 0));
            strideW = options.intField(1, 0);
            strideH = options.intField(2, 0);
            activation = activation(options.byteField(5, 0));
          }
          case FULLY_CONNECTED_OPTIONS, ADD_OPTIONS ->
              activation = activation(options.byteField(0, 0));
          default -> {
            // Options of other ops are not needed for weight import.
          }
        }
      }
      operators.add(
          new TfliteOperator(
              OP_NAMES.getOrDefault(builtin, "BUILTIN_" + builtin),
              builtin,
              op.intVector(FlatTables.Operator.INPUTS),
              op.intVector(FlatTables.Operator.OUTPUTS),
              strideW,
              strideH,
              padding,
              activation,
              depthMultiplier));
    }
    return new TfliteModel(file, tensors, operators);
  }

  private static byte[] bufferData(FlatTables.Buffer buffer, ByteBuffer bb) {
    long offset = buffer.ulongField(FlatTables.Buffer.OFFSET, 0);
    if (offset > 1) {
      // Large models keep buffers after the flatbuffer, addressed by file offset.
      long size = buffer.ulongField(FlatTables.Buffer.SIZE, 0);
      byte[] out = new byte[Math.toIntExact(size)];
      bb.duplicate().position(Math.toIntExact(offset)).get(out);
      return out;
    }
    return buffer.byteVector(FlatTables.Buffer.DATA);
  }

  private static Padding padding(int value) {
    return value == 1 ? Padding.VALID : Padding.SAME;
  }

  private static Activation activation(int value) {
    Activation[] all = Activation.values();
    if (value < 0 || value >= all.length) {
      throw new IllegalArgumentException("unknown fused activation " + value);
    }
    return all[value];
  }

  /** The file this model was read from, for error messages. */
  public Path source() {
    return source;
  }

  public List<TfliteTensor> tensors() {
    return tensors;
  }

  /** Operators of the main subgraph, in execution order. */
  public List<TfliteOperator> operators() {
    return operators;
  }

  public TfliteTensor tensor(int index) {
    return tensors.get(index);
  }

  /** Number of constant values (weights, biases, shape constants) stored in the file. */
  public long parameterCount() {
    return tensors.stream().filter(TfliteTensor::isConstant).mapToLong(TfliteTensor::elementCount).sum();
  }

  /**
   * The tensor's values as floats: {@code scale * (q - zeroPoint)} for quantised integers (for the
   * int32 biases the zero point is 0, so this is {@code q * scale}), as-is for FLOAT32.
   */
  public float[] dequantize(TfliteTensor t) {
    long n = t.elementCount();
    ByteBuffer data = ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN);
    int width = t.type() == TfliteTensor.FLOAT32 || t.type() == TfliteTensor.INT32 ? 4 : 1;
    if (t.type() != TfliteTensor.FLOAT32
        && t.type() != TfliteTensor.INT32
        && t.type() != TfliteTensor.UINT8
        && t.type() != TfliteTensor.INT8) {
      throw new UserInputException(
          source + ": tensor '" + t.name() + "' has type " + t.typeName()
              + ", expected FLOAT32, INT32, UINT8 or INT8");
    }
    if (t.data().length != n * width) {
      throw new UserInputException(
          source + ": tensor '" + t.name() + "' should hold " + n * width + " bytes for its shape, "
              + "but its buffer has " + t.data().length);
    }
    if (t.type() != TfliteTensor.FLOAT32 && (t.scaleCount() != 1 || t.scale() == 0f)) {
      throw new UserInputException(
          source + ": tensor '" + t.name() + "' needs exactly one (per-tensor) quantisation scale, "
              + "but has " + t.scaleCount() + " (scale " + t.scale() + ")");
    }
    float[] out = new float[(int) n];
    float scale = t.scale();
    long zp = t.zeroPoint();
    for (int i = 0; i < n; i++) {
      out[i] =
          switch (t.type()) {
            case TfliteTensor.FLOAT32 -> data.getFloat(4 * i);
            case TfliteTensor.INT32 -> (float) (scale * (double) (data.getInt(4 * i) - zp));
            case TfliteTensor.UINT8 -> scale * ((data.get(i) & 0xFF) - zp);
            default -> scale * (data.get(i) - zp);
          };
    }
    return out;
  }
}
