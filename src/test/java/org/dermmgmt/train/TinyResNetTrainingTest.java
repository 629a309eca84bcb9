package org.dermmgmt.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.cli.CliRun;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;
import org.dermmgmt.data.synthetic.SyntheticDerm7pt;
import org.dermmgmt.infer.ModelCard;
import org.dermmgmt.infer.PredictVsEvaluate;
import org.dermmgmt.infer.RunDir;
import org.dermmgmt.model.FusionNet;
import org.dermmgmt.model.backbone.resnet.ConvBn;
import org.dermmgmt.model.backbone.resnet.ResNet50;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ResNet code path end to end at CI speed ({@code tiny_resnet}): training in fine-tuning mode
 * with {@code --freeze-stages 2} and in frozen-backbone mode, then evaluate and predict on the
 * same probabilities; frozen stages keep their initial values.
 */
class TinyResNetTrainingTest {
  @TempDir static Path dir;
  static Path data;
  static Path fineTuned;
  static Path frozen;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void train() {
    System.setProperty("dermmgmt.cache", dir.resolve("cache").toString());
    data = SyntheticDerm7pt.write(dir.resolve("syn"), 40, 40, 11);
    fineTuned = dir.resolve("ft");
    frozen = dir.resolve("frozen");
    CliRun t = CliRun.of("train", "--data", data.toString(), "--out", fineTuned.toString(), "--task", "multi",
        "--backbone", "tiny_resnet", "--image-size", "32", "--batch-size", "8", "--epochs", "2", "--head-warmup", "1",
        "--ensemble", "1", "--average-last", "0", "--tta", "1", "--freeze-stages", "2", "--lr", "1e-2");
    assertThat(t.exit()).as(t.all()).isZero();
    CliRun f = CliRun.of("train", "--data", data.toString(), "--out", frozen.toString(), "--task", "mgmt",
        "--backbone", "tiny_resnet", "--image-size", "32", "--freeze-backbone", "--epochs", "2", "--views", "1",
        "--tta", "1", "--precision", "fp32", "--color-constancy", "shades-of-gray");
    assertThat(f.exit()).as(f.all()).isZero();
  }

  /** A run records the arithmetic it ran in: auto resolved for this CPU, or what --precision said. */
  @Test
  void runsRecordTheirResolvedPrecision() throws Exception {
    JsonNode ft = JSON.readTree(fineTuned.resolve("config.json").toFile());
    assertThat(ft.at("/options/precision").asText())
        .isEqualTo(org.dermmgmt.model.script.Precision.resolve("auto", "auto").label());
    assertThat(JSON.readTree(frozen.resolve("config.json").toFile()).at("/options/precision").asText()).isEqualTo("fp32");
  }

  /** --color-constancy is part of the run's preprocessing: predict and evaluate apply it too. */
  @Test
  void colourConstancyIsRecordedInThePreprocessing() throws Exception {
    assertThat(JSON.readTree(frozen.resolve("config.json").toFile()).at("/preprocessing/colorConstancy").asText())
        .isEqualTo("SHADES_OF_GRAY");
    assertThat(ModelCard.read(new RunDir(frozen)).preprocessing().colorConstancy())
        .isEqualTo(org.dermmgmt.data.image.ColorConstancy.SHADES_OF_GRAY);
    assertThat(ModelCard.read(new RunDir(fineTuned)).preprocessing().colorConstancy())
        .isEqualTo(org.dermmgmt.data.image.ColorConstancy.NONE);
  }

  @Test
  void fineTunedPredictGivesEvaluatesProbabilities() throws Exception {
    assertPredictMatchesEvaluate(fineTuned, "ft");
  }

  @Test
  void frozenBackbonePredictGivesEvaluatesProbabilities() throws Exception {
    assertPredictMatchesEvaluate(frozen, "frozen");
  }

  /** Repeated predictions leave the loaded model's NDManager as they found it (no per-call leak). */
  @Test
  void predictionsLeaveNoArrayOnTheLoadedModel() throws Exception {
    Derm7ptRelease release = Derm7ptRelease.open(data);
    List<LesionCase> cases = release.split(Split.VALID).subList(0, 4);
    try (org.dermmgmt.infer.TrainedModel model = org.dermmgmt.infer.TrainedModel.load(fineTuned)) {
      ai.djl.ndarray.NDManager manager =
          model.networks().get(0).getParameters().valueAt(0).getArray().getManager();
      model.predict(release, cases); // first call: lazily made arrays (e.g. the ReLU6 module) settle
      int before = manager.getManagedArrays().size();
      for (int i = 0; i < 3; i++) {
        model.predict(release, cases);
      }
      assertThat(manager.getManagedArrays().size()).isEqualTo(before);
    }
  }

  @Test
  void configRecordsBackboneCaffeAndFrozenStages() throws Exception {
    JsonNode config = JSON.readTree(fineTuned.resolve("config.json").toFile());
    assertThat(config.at("/model/backbone").asText()).isEqualTo("tiny_resnet");
    assertThat(config.at("/options/freezeStages").asInt()).isEqualTo(2);
    // Keras caffe: BGR order, ImageNet means subtracted, no scaling.
    assertThat(config.at("/preprocessing/normalization/channelOrder").asText()).isEqualTo("BGR");
    JsonNode frozenConfig = JSON.readTree(frozen.resolve("config.json").toFile());
    assertThat(frozenConfig.at("/preprocessing/normalization/channelOrder").asText()).isEqualTo("BGR");
  }

  /** Stem and stage 2 equal a fresh initialisation at the run's seed; stage 5 was trained. */
  @Test
  void freezeStagesKeepsStemAndStage2() {
    RunDir run = new RunDir(fineTuned);
    ModelCard card = ModelCard.read(run);
    try (Model trained = Model.newInstance("trained"); Model fresh = Model.newInstance("fresh")) {
      FusionNet t = new FusionNet(card.model());
      trained.setBlock(t);
      t.initialize(trained.getNDManager(), DataType.FLOAT32, t.inputShapes(1));
      RunDir.loadParameters(t, trained.getNDManager(), run.model());
      FusionNet f = new FusionNet(card.model());
      fresh.setBlock(f);
      // As FusionTrainer.build initialises: the engine seeded with the run's seed.
      Engine.getInstance().setRandomSeed(42);
      f.initialize(fresh.getNDManager(), DataType.FLOAT32, f.inputShapes(1));
      assertThat(t.streams()).hasSize(2);
      for (int s = 0; s < t.streams().size(); s++) {
        List<ResNet50.Stage> ts = ((ResNet50) t.streams().get(s)).stages();
        List<ResNet50.Stage> fs = ((ResNet50) f.streams().get(s)).stages();
        for (int stage = 0; stage < 2; stage++) {
          assertThat(maxDiff(ts.get(stage), fs.get(stage))).as("stream %d %s", s, ts.get(stage).name()).isZero();
        }
        assertThat(maxDiff(ts.get(4), fs.get(4))).as("stream %d stage5 trained", s).isGreaterThan(1e-6);
      }
    }
  }

  @Test
  void freezeStagesIsRefusedWhereItCannotApply() {
    CliRun mnv2 = CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("x").toString(),
        "--backbone", "tiny", "--freeze-stages", "1");
    assertThat(mnv2.exit()).isEqualTo(2);
    assertThat(mnv2.lastErrLine()).contains("--freeze-stages").contains("tiny");
    CliRun tooMany = CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("y").toString(),
        "--backbone", "tiny_resnet", "--freeze-stages", "6");
    assertThat(tooMany.exit()).isEqualTo(2);
    assertThat(tooMany.lastErrLine()).contains("--freeze-stages").contains("0..5");
  }

  private static double maxDiff(ResNet50.Stage a, ResNet50.Stage b) {
    double max = 0;
    for (int l = 0; l < a.layers().size(); l++) {
      ConvBn la = a.layers().get(l);
      ConvBn lb = b.layers().get(l);
      for (var e : la.getParameters()) {
        Parameter pb = lb.getParameters().get(e.getKey());
        float[] x = e.getValue().getArray().toFloatArray();
        float[] y = pb.getArray().toFloatArray();
        for (int i = 0; i < x.length; i++) {
          max = Math.max(max, Math.abs(x[i] - y[i]));
        }
      }
    }
    return max;
  }

  private static void assertPredictMatchesEvaluate(Path run, String name) throws Exception {
    PredictVsEvaluate both = PredictVsEvaluate.run(run, data, dir.resolve("pve-" + name));
    assertThat(both.maxDifference()).as("predict vs evaluate, max |dp|").isLessThan(1e-6);
  }
}
