package org.dermmgmt.infer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.cli.CliRun;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;
import org.dermmgmt.data.synthetic.SyntheticDerm7pt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * predict and evaluate apply a model the same way: the run's test-time views and ensemble, the
 * same probabilities for the same images, whatever the images' paths.
 */
class OneInferencePathTest {
  @TempDir static Path dir;
  static Path data;
  static Path run;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void train() {
    System.setProperty("dermmgmt.cache", dir.resolve("cache").toString());
    data = SyntheticDerm7pt.write(dir.resolve("syn"), 40, 40, 11);
    run = dir.resolve("run");
    CliRun t = CliRun.of("train", "--data", data.toString(), "--out", run.toString(), "--task", "multi",
        "--backbone", "tiny", "--image-size", "32", "--batch-size", "8", "--epochs", "1", "--head-warmup", "1",
        "--ensemble", "2", "--tta", "2");
    assertThat(t.exit()).as(t.all()).isZero();
  }

  @Test
  void predictGivesEvaluatesProbabilities() throws Exception {
    PredictVsEvaluate both = PredictVsEvaluate.run(run, data, dir);
    for (JsonNode a : both.answers()) {
      assertThat(a.at("/model/views").asInt()).isEqualTo(2);
      assertThat(a.at("/model/members").asInt()).isEqualTo(2);
    }
    assertThat(both.maxDifference()).as("predict vs evaluate, max |dp|").isLessThan(1e-6);

    // Test-time views matter here, so agreement is not an accident of both using the plain view.
    CliRun plain = CliRun.of("evaluate", "--model", run.toString(), "--data", data.toString(), "--split", "test",
        "--tta", "0", "--out", dir.resolve("eval-plain").toString());
    assertThat(plain.exit()).as(plain.all()).isZero();
    assertThat(Files.readAllLines(dir.resolve("eval-plain/predictions.csv"))).isNotEqualTo(both.evaluatedRows());
  }

  @Test
  void uploadsDecodedOnceForAllViewsGetTheFilesProbabilities() throws Exception {
    Derm7ptRelease release = Derm7ptRelease.open(data);
    List<LesionCase> test = release.split(Split.TEST);
    List<CaseInput> files = test.stream().map(c -> CaseInput.of(release, c)).toList();
    List<CaseInput> uploads = new java.util.ArrayList<>();
    for (CaseInput c : files) {
      uploads.add(new CaseInput(c.id(), c.caseNumber(), bytes(c.clinic()), bytes(c.derm()), c.sex(), c.location(),
          c.elevation()));
    }
    try (TrainedModel model = TrainedModel.load(run)) {
      assertThat(model.inferer().spec().views()).isEqualTo(2);
      List<Prediction> fromFiles = model.inferer().predict(files, null);
      List<Prediction> fromBytes = model.inferer().predict(uploads, null);
      for (int i = 0; i < files.size(); i++) {
        for (int h = 0; h < fromFiles.get(i).probabilities().size(); h++) {
          assertThat(fromBytes.get(i).probabilities().get(h))
              .containsExactly(fromFiles.get(i).probabilities().get(h), org.assertj.core.data.Offset.offset(1e-7));
        }
      }
      // Every view of a call gets the one decoded copy of an upload.
      ImageInput.Once once = new ImageInput.Once(uploads.get(0).clinic());
      var pipeline = model.inferer().pipeline();
      assertThat(once.load(pipeline)).isSameAs(once.load(pipeline));
      ImageInput.Once broken = new ImageInput.Once(new ImageInput.Bytes("clinic", new byte[] {1, 2, 3}));
      for (int attempt = 0; attempt < 2; attempt++) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> broken.load(pipeline))
            .isInstanceOf(org.dermmgmt.UserInputException.class).hasMessageContaining("clinic");
      }
    }
  }

  private static ImageInput bytes(ImageInput file) throws java.io.IOException {
    return new ImageInput.Bytes(file.describe(), Files.readAllBytes(((ImageInput.File) file).path()));
  }

  @Test
  void configRecordsInferenceSelectionAndWarmup() throws Exception {
    JsonNode config = JSON.readTree(run.resolve("config.json").toFile());
    assertThat(config.get("format").asText()).isEqualTo(ModelCard.FORMAT_2);
    assertThat(config.at("/inference/views").asInt()).isEqualTo(2);
    assertThat(config.at("/inference/keying").asText()).isEqualTo("IMAGE_PIXELS");
    assertThat(config.at("/selection/views").asInt()).as("fine-tuning selects on the plain view").isZero();
    assertThat(config.at("/headWarmup/epochs").asInt()).isEqualTo(1);
    assertThat(config.at("/preprocessing/normalization/channelOrder").asText()).isEqualTo("RGB");
    assertThat(config.at("/preprocessing/augmentation/minScale").asDouble()).isEqualTo(0.6);
  }
}
