package org.dermmgmt.model.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.dermmgmt.UserInputException;
import org.dermmgmt.model.tflite.TfliteOperator.Activation;
import org.dermmgmt.model.tflite.TfliteOperator.Padding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MobileNetTfliteModelTest {

  @Test
  void readsTheMobileNetGraph() {
    TfliteModel model = TfliteModel.read(TestWeights.pathOrSkip());

    Map<String, Integer> counts = new TreeMap<>();
    model.operators().forEach(op -> counts.merge(op.op(), 1, Integer::sum));
    assertThat(model.operators()).hasSize(66);
    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "CONV_2D", 36,
                "DEPTHWISE_CONV_2D", 17,
                "ADD", 10,
                "AVERAGE_POOL_2D", 1,
                "RESHAPE", 1,
                "SOFTMAX", 1));
    assertThat(model.parameterCount()).isBetween(3_480_000L, 3_500_000L);

    TfliteOperator stem = model.operators().get(0);
    assertThat(stem.op()).isEqualTo("CONV_2D");
    assertThat(stem.strideW()).isEqualTo(2);
    assertThat(stem.strideH()).isEqualTo(2);
    assertThat(stem.padding()).isEqualTo(Padding.SAME);
    assertThat(stem.activation()).isEqualTo(Activation.RELU6);

    TfliteTensor stemWeight = model.tensor(stem.inputs()[1]);
    assertThat(stemWeight.shape()).containsExactly(32, 3, 3, 3);
    assertThat(stemWeight.type()).isEqualTo(TfliteTensor.UINT8);
    TfliteTensor stemBias = model.tensor(stem.inputs()[2]);
    assertThat(stemBias.type()).isEqualTo(TfliteTensor.INT32);
    assertThat(stemBias.shape()).containsExactly(32);

    TfliteOperator dw = model.operators().get(1);
    assertThat(dw.op()).isEqualTo("DEPTHWISE_CONV_2D");
    assertThat(dw.depthMultiplier()).isEqualTo(1);
    assertThat(model.tensor(dw.inputs()[1]).shape()).containsExactly(1, 3, 3, 32);

    float[] w = model.dequantize(stemWeight);
    assertThat(w).hasSize(32 * 27);
    int q0 = stemWeight.data()[0] & 0xFF;
    assertThat(w[0]).isEqualTo(stemWeight.scale() * (q0 - stemWeight.zeroPoint()));
    float[] b = model.dequantize(stemBias);
    assertThat(stemBias.zeroPoint()).isZero();
    int bq0 = java.nio.ByteBuffer.wrap(stemBias.data()).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0);
    assertThat(b[0]).isCloseTo(bq0 * stemBias.scale(), org.assertj.core.data.Offset.offset(1e-6f));

    TfliteOperator last = model.operators().get(65);
    assertThat(last.op()).isEqualTo("SOFTMAX");
    assertThat(model.tensor(last.outputs()[0]).shape()).containsExactly(1, 1001);
  }

  @Test
  void refusesAFileThatIsNotTflite(@TempDir Path dir) throws Exception {
    Path bogus = dir.resolve("weights.tflite");
    Files.writeString(bogus, "this is not a flatbuffer at all");
    assertThatThrownBy(() -> TfliteModel.read(bogus))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining(bogus.toString())
        .hasMessageContaining("TFL3");
  }

  @Test
  void refusesAMissingFile(@TempDir Path dir) {
    Path missing = dir.resolve("nope.tflite");
    assertThatThrownBy(() -> TfliteModel.read(missing))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining(missing.toString());
  }
}
