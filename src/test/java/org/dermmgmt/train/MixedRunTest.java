package org.dermmgmt.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.TestTrees;
import org.dermmgmt.cli.CliRun;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;
import org.dermmgmt.data.synthetic.SyntheticDerm7pt;
import org.dermmgmt.infer.PredictVsEvaluate;
import org.dermmgmt.infer.Prediction;
import org.dermmgmt.infer.TrainedModel;
import org.dermmgmt.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mixed run end to end at CI speed: {@code tiny_resnet} (caffe normalisation, BGR) and {@code
 * tiny} (MobileNetV2's, RGB) trained as the two parts of one run, each a two-member ensemble. The
 * run's model is the equal-weight mean of its parts, each part seeing its own preprocessing;
 * predict and evaluate agree on it; an interrupted run resumes without retraining a finished part.
 */
class MixedRunTest {
  @TempDir static Path dir;
  static Path data;
  static Path run;
  static final ObjectMapper JSON = new ObjectMapper();
  static final String[] OPTIONS = {"--task", "multi", "--backbone", "tiny_resnet+tiny", "--image-size", "32",
      "--batch-size", "8", "--epochs", "1", "--head-warmup", "0", "--ensemble", "2", "--average-last", "0",
      "--tta", "1", "--lr", "1e-2"};

  @BeforeAll
  static void train() {
    System.setProperty("dermmgmt.cache", dir.resolve("cache").toString());
    data = SyntheticDerm7pt.write(dir.resolve("syn"), 40, 40, 13);
    run = dir.resolve("mixed");
    CliRun t = train(run);
    assertThat(t.exit()).as(t.all()).isZero();
    assertThat(t.err()).contains("mixed run part 2 of 2 (tiny, 2 members)");
  }

  private static CliRun train(Path out) {
    List<String> args = new java.util.ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString()));
    args.addAll(List.of(OPTIONS));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void eachPartIsARunOfItsOwnBackboneAndPreprocessing() throws Exception {
    JsonNode config = JSON.readTree(run.resolve("config.json").toFile());
    assertThat(config.at("/options/parts")).hasSize(2);
    JsonNode resnet = JSON.readTree(run.resolve("part-1/config.json").toFile());
    JsonNode tiny = JSON.readTree(run.resolve("part-2/config.json").toFile());
    assertThat(resnet.at("/model/backbone").asText()).isEqualTo("tiny_resnet");
    assertThat(resnet.at("/preprocessing/normalization/channelOrder").asText()).isEqualTo("BGR");
    assertThat(tiny.at("/model/backbone").asText()).isEqualTo("tiny");
    assertThat(tiny.at("/preprocessing/normalization/channelOrder").asText()).isEqualTo("RGB");
    for (String part : List.of("part-1", "part-2")) {
      assertThat(run.resolve(part).resolve("member-2/model.params")).isRegularFile();
    }
    assertThat(run.resolve("calibration.json")).isRegularFile();
    assertThat(run.resolve("priors.json")).isRegularFile();
  }

  /** The mixed model's probabilities are the mean of its parts', each loaded on its own. */
  @Test
  void theModelIsTheMeanOfItsParts() {
    Derm7ptRelease release = Derm7ptRelease.open(data);
    List<LesionCase> cases = release.split(Split.VALID).subList(0, 6);
    try (TrainedModel mixed = TrainedModel.load(run);
        TrainedModel a = TrainedModel.load(run.resolve("part-1"));
        TrainedModel b = TrainedModel.load(run.resolve("part-2"))) {
      assertThat(mixed.size()).isEqualTo(4);
      List<Prediction> m = mixed.predict(release, cases);
      List<Prediction> pa = a.predict(release, cases);
      List<Prediction> pb = b.predict(release, cases);
      double parts = 0;
      for (int i = 0; i < cases.size(); i++) {
        double[] want = new double[3];
        double[] x = pa.get(i).head(Task.MULTI, Task.MANAGEMENT);
        double[] y = pb.get(i).head(Task.MULTI, Task.MANAGEMENT);
        double[] got = m.get(i).head(Task.MULTI, Task.MANAGEMENT);
        for (int k = 0; k < 3; k++) {
          want[k] = (x[k] + y[k]) / 2;
          assertThat(got[k]).isCloseTo(want[k], org.assertj.core.data.Offset.offset(1e-6));
          parts = Math.max(parts, Math.abs(x[k] - y[k]));
        }
      }
      assertThat(parts).as("the parts disagree, so the mean is not either one").isGreaterThan(1e-4);
    }
  }

  @Test
  void predictGivesEvaluatesProbabilities() throws Exception {
    PredictVsEvaluate both = PredictVsEvaluate.run(run, data, dir.resolve("pve"));
    assertThat(both.maxDifference()).as("predict vs evaluate, max |dp|").isLessThan(1e-6);
  }

  /** A run interrupted in its second part resumes there: the first part is not trained again. */
  @Test
  void anInterruptedRunResumesAtItsUnfinishedPart() throws Exception {
    Path copy = dir.resolve("interrupted");
    TestTrees.copy(run, copy);
    TestTrees.delete(copy.resolve("part-2"));
    Files.delete(copy.resolve("calibration.json"));
    byte[] first = Files.readAllBytes(copy.resolve("part-1/member-1/model.params"));
    CliRun resumed = CliRun.of("train", "--resume", copy.toString());
    assertThat(resumed.exit()).as(resumed.all()).isZero();
    assertThat(resumed.err()).contains("run already finished; nothing to do");
    assertThat(Files.readAllBytes(copy.resolve("part-1/member-1/model.params"))).isEqualTo(first);
    assertThat(copy.resolve("part-2/member-2/model.params")).isRegularFile();
    assertThat(copy.resolve("calibration.json")).isRegularFile();
  }

  @Test
  void mixedRunsRefuseWhatNamesOneBackbone() {
    CliRun same = CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("x").toString(),
        "--backbone", "tiny+tiny");
    assertThat(same.exit()).isEqualTo(2);
    assertThat(same.lastErrLine()).contains("two or more different backbones");
    CliRun weights = CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("y").toString(),
        "--backbone", "resnet50+mobilenet_v2", "--weights", dir.resolve("w.tflite").toString());
    assertThat(weights.exit()).isEqualTo(2);
    assertThat(weights.lastErrLine()).contains("--weights-dir");
    CliRun init = CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("z").toString(),
        "--backbone", "tiny_resnet+tiny", "--init-from", run.toString());
    assertThat(init.exit()).isEqualTo(2);
    assertThat(init.lastErrLine()).contains("--init-from").contains("--backbone");
  }
}
