package org.dermmgmt.train;

import org.dermmgmt.infer.RunDir;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.dermmgmt.cli.CliRun;
import org.dermmgmt.model.FusionNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightAverageTest {
  @TempDir Path dir;

  @Test
  void averagesEveryParameterElementWise() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Linear net = Linear.builder().setUnits(2).build();
      net.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
      Parameter w = net.getParameters().get("weight");
      Parameter b = net.getParameters().get("bias");
      RunDir run = new RunDir(dir);
      w.getArray().set(FloatBuffer.wrap(new float[] {1, 2, 3, 4, 5, 6}));
      b.getArray().set(FloatBuffer.wrap(new float[] {0, 10}));
      run.saveParameters(net, dir.resolve("a.params"));
      w.getArray().set(FloatBuffer.wrap(new float[] {3, 2, 1, 0, -1, -2}));
      b.getArray().set(FloatBuffer.wrap(new float[] {4, 20}));
      run.saveParameters(net, dir.resolve("b.params"));
      WeightAverage.load(net, manager, List.of(dir.resolve("a.params"), dir.resolve("b.params")));
      assertThat(net.getParameters().get("weight").getArray().toFloatArray()).containsExactly(2, 2, 2, 2, 2, 2);
      assertThat(net.getParameters().get("bias").getArray().toFloatArray()).containsExactly(2, 15);
    }
  }

  /**
   * --average-last K: the model is the average of the last K epochs, the per-epoch files go once
   * it is written, and a run killed between its last epoch and the averaging averages on resume.
   */
  @Test
  void runAveragesItsLastEpochsAndResumesTheAveraging() throws Exception {
    System.setProperty("dermmgmt.cache", dir.resolve("cache").toString());
    Path data = Synthetic.dataset(dir);
    Path run = dir.resolve("run");
    CliRun t = CliRun.of(Synthetic.train(data, run, "multi", "--epochs", "3", "--average-last", "2",
        "--head-warmup", "0"));
    assertThat(t.exit()).as(t.all()).isZero();
    assertThat(t.err()).contains("mean of the weights of epochs 2-3");
    assertThat(t.out()).as("the result says what the model is").contains("model: mean of the weights of epochs 2-3")
        .doesNotContain("best epoch");
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(run.resolve("state.json").toFile()).get("averaged").asBoolean()).isTrue();
    assertThat(run.resolve("epoch-2.params")).doesNotExist();
    assertThat(run.resolve("epoch-3.params")).doesNotExist();
    assertThat(values(run, "model.params")).as("the average differs from the last epoch")
        .isNotEqualTo(values(run, "checkpoint.params"));

    // As if killed after epoch 3's state but before averaging: both epoch files hold epoch 3.
    for (String f : List.of("epoch-2.params", "epoch-3.params")) {
      Files.copy(run.resolve("checkpoint.params"), run.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    TrainState st = json.readValue(run.resolve("state.json").toFile(), TrainState.class);
    new RunDir(run).writeJson(run.resolve("state.json"),
        new TrainState(st.epochsDone(), st.bestEpoch(), st.bestScore(), st.bestAccuracy(), st.bestAuroc(), st.stale(), false));
    CliRun resumed = CliRun.of("train", "--resume", run.toString());
    assertThat(resumed.exit()).as(resumed.all()).isZero();
    assertThat(resumed.err()).contains("mean of the weights of epochs 2-3").doesNotContain("nothing to do");
    assertThat(values(run, "model.params")).as("the mean of two copies of epoch 3 is epoch 3")
        .isEqualTo(values(run, "checkpoint.params"));

    CliRun again = CliRun.of("train", "--resume", run.toString());
    assertThat(again.exit()).isZero();
    assertThat(again.err()).contains("nothing to do");
  }

  /** Every parameter value of a run's network saved in {@code file}, in parameter order. */
  private static List<Float> values(Path run, String file) {
    RunConfig config = new RunDir(run).readJson(run.resolve("config.json"), RunConfig.class);
    try (NDManager manager = NDManager.newBaseManager()) {
      FusionNet net = new FusionNet(config.model());
      net.initialize(manager, DataType.FLOAT32, net.inputShapes(1));
      RunDir.loadParameters(net, manager, run.resolve(file));
      List<Float> out = new java.util.ArrayList<>();
      for (var p : net.getParameters()) {
        for (float v : p.getValue().getArray().toFloatArray()) {
          out.add(v);
        }
      }
      return out;
    }
  }
}
